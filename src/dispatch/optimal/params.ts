// The optimiser's parameters: every hand-set term in one place (DISP-n rules in docs/dispatch.md say what each does).
export interface OptimalParams {
  /** How much longer a casualty is assumed to wait if not served in this round (minutes). */
  delayMin: number;
  /** Expected survival one service adds, used to value a vehicle's future work. */
  serviceValue: number;
  /** Upper bound on a vehicle's value (survivors). */
  maxVehicleValue: number;
  /**
   * DISP-21: the last vehicle that can carry a casualty is also worth that casualty's salvage (the demand only it can
   * still serve, waiting and expected), and a casualty it leaves when lost is left untreated. False: the flat price.
   */
  lastVehicleWorth: boolean;
  /**
   * DISP-21: a casualty's alternative to this round's trip is never below being left untreated (which risks no
   * vehicle). Without it, with one vehicle the same trip delayed carries the same risk and the risk cancels out.
   */
  untreatedFloor: boolean;
  /** Small weight on the survival itself so that, all else equal, casualties are fetched rather than left. */
  tieBonus: number;
  /** Largest number of casualties considered for joining a committed job. */
  joinCandidates: number;
  /** Vehicles evaluated per casualty (nearest by time to reach it, plus the nearest of each protection class). */
  vehiclesPerCasualty: number;
  /** How many anticipated critical casualties (from the observed rate and places) may hold a vehicle back. */
  anticipate: number;
  /** Weight of an anticipated casualty's value against a real one. */
  anticipationWeight: number;
  /** Use a scenario's declared arrivals (rate, area, RPM weights) to anticipate casualties, beside the observed rate. */
  useArrivals: boolean;
  /** Extra wait assumed at a stabilising stop before the onward vehicle comes (it competes with other requests). */
  onwardSlackMin: number;
  /** Opportunity cost of taking a surgical slot (survivors), scaled by how scarce tables are against demand. */
  slotCost: number;
  /** 0: the slot cost is the same for every casualty; 1: it falls with what surgery can still save (salvage) relative to the others. */
  slotSalvage: number;
  /** A busy vehicle serves as the waiting alternative of one casualty only (shared out by an assignment). */
  busyOnce: boolean;
  /** DISP-74: with busyOnce, an idle vehicle's later trip is also the waiting alternative of one casualty only. */
  idleOnce: boolean;
  /** Re-plan vehicles on their way to a first pickup (SIM-14, DISP-16). */
  divert: boolean;
  /**
   * Re-plans allowed for a vehicle on its way to a critical casualty, per leg (DISP-20); 0: only vehicles fetching
   * minor casualties are re-planned (DISP-16).
   */
  criticalDiverts: number;
  /** Plan whole sequences of trips when the fleet and the casualties waiting are small (DISP-19). */
  sequence: boolean;
  /** Largest fleet and number of casualties waiting for which sequences are searched. */
  sequenceMaxVehicles: number;
  sequenceMaxCasualties: number;
  /** Trips evaluated at most by one search; past it the one-step plan is used. */
  sequenceBudget: number;
  /** DISP-19 also while threat zones are active or to come (the search prices each trip's risk). */
  sequenceThreats: boolean;
  /**
   * DISP-24: a vehicle is worth at most what it would earn doing trips like this round's until lost (the best rate,
   * among the trips it is valued for, of gain over untreated to chance of losing it). False: the flat price alone.
   */
  earningsCap: boolean;
  /** DISP-23: a vehicle on its way may carry on and add a pickup after its first (SIM-15) instead of being diverted. */
  carryOn: boolean;
  /** DISP-25: a vehicle the round leaves free may fetch a divert's casualty while the vehicle on its way carries on. */
  spareForDivert: boolean;
  /** DISP-26: the largest chance of losing the vehicle on a trip for minor casualties only (1: no limit). */
  minorTripMaxLoss: number;
  /** DISP-27 (measured): a vehicle's share of the demand to come is in proportion to its pace, not one share each. */
  speedWorth: boolean;
  /**
   * DISP-98: DISP-27's pace share for the fleet's fast vehicles only: a vehicle whose pace is at least this many times
   * the fleet's (lower) median pace is worth its pace's share of the demand to come; the others keep the flat price.
   * 0: off.
   */
  fastWorth: number;
  /** DISP-98: only where the fleet has one such fast vehicle (its only vehicle of its kind; with several, one lost leaves others). */
  fastWorthAlone: boolean;
  /**
   * DISP-102: a vehicle's loss priced by what the rest of the fleet cannot do in its place: per casualty to come (like
   * the latest reports), what it adds over the best other vehicle, for the trips it has time for (the flat price its
   * floor; only while threats are active or to come). `fast`: only for vehicles of at least twice the fleet's median
   * pace; `all`: every vehicle; `off`.
   */
  substituteWorth: 'off' | 'fast' | 'all';
  /** DISP-28: the one vehicle left is worth at most the trips it can still make before the horizon, until lost. */
  lastVehicleTrips: boolean;
  /**
   * DISP-120: DISP-28 also for a vehicle of a larger view that no other vehicle in it can stand in for: none can carry,
   * reach (sortie range) or be on duty for a job before they settle any of the casualties its trips this round are
   * for. `all`: any such vehicle; `idle`: only one held at base (not on its way, nothing aboard); `off`.
   */
  soleServerTrips: 'off' | 'all' | 'idle';
  /** DISP-29: a casualty a lost vehicle never reached is served later only with the chance this trip gets through. */
  secondChanceRisk: boolean;
  /**
   * DISP-89: DISP-29's second chance on the same road, for a trip that gets through with a chance below this only
   * (0: off): a vehicle all but sure to be lost is not sent on the credit of the rescue that would follow it.
   */
  secondChanceBelow: number;
  /** DISP-30: the earnings cap (DISP-24) never below the flat price of the demand expected after the threats are over. */
  earningsFloor: boolean;
  /**
   * DISP-103: DISP-30's floor keeps its one-trip term (`serviceValue`) only for a vehicle whose threats close before the
   * horizon: where they outlast it there is no "after the threats" for the held vehicle to serve.
   */
  floorAfterThreats: boolean;
  /**
   * DISP-31: where a trip carries critical and minor casualties, the minor ones may not make it riskier
   * (`no-added-risk`) or may not lower any critical one's expected survival (`no-critical-loss`); `any`: no rule.
   */
  minorRides: 'any' | 'no-added-risk' | 'no-critical-loss';
  /**
   * DISP-33: DISP-19's sequences also under threats, a vehicle's loss priced in the search by the casualties not yet
   * known only, and a casualty only one vehicle can carry left untreated when that vehicle is lost before reaching it.
   */
  sequenceFutureWorth: boolean;
  /** DISP-34: re-plans per leg of a vehicle on its way to minor casualties to the best sequence's minor first trip. */
  sequenceMinorDiverts: number;
  /**
   * DISP-35: in DISP-33's search for one vehicle a trip for minor casualties is weighed by its price like any other,
   * without DISP-26's limit on its chance of losing the vehicle.
   */
  sequencePricesMinorRisk: boolean;
  /**
   * DISP-36 (measured, not adopted): where DISP-33's search planned a vehicle's first trip, DISP-23 does not turn it into an extension the
   * search did not value (the vehicle makes the search's trip, or carries on as it is).
   */
  sequenceNoUnpricedExtension: boolean;
  /**
   * DISP-37: in a fleet of at most `sequenceMaxVehicles`, a vehicle's worth to the casualties still to come (DISP-24,
   * 28, 33) is estimated from trips to where the latest casualties were reported (each as reported just now), not only
   * from the trips open to the casualties waiting.
   */
  reportedWorth: boolean;
  /** DISP-38: a critical casualty past saving does not hold a trip with minor casualties to DISP-31's rule. */
  pastSavingWaypoint: boolean;
  /** DISP-39: a planned job that starts with a vehicle's own next pickup and adds more to its leg is sent as an extension (SIM-15). */
  ownLegExtension: boolean;
  /** DISP-40: a critical casualty past saving where the trip brings it does not let minor ones ride on a risky trip (DISP-26). */
  savableSponsor: boolean;
  /** DISP-41: idle vehicles whose availability window opens later are waited for like busy ones (not sent before it). */
  laterVehicles: boolean;
  /**
   * DISP-122: a later vehicle's trip (DISP-41) is a casualty's alternative only where it is worth more than leaving the
   * casualty untreated with the vehicle priced at DISP-6's cap (`maxVehicleValue`): one it takes at any price it carries.
   */
  laterVehiclesHonoured: boolean;
  /**
   * DISP-124: as DISP-122, but the price a later vehicle's trip is checked at is its price now moved towards the cap by
   * the share of the price's evidence at its window's opening still unseen (`unseenShare` in later-vehicles.ts):
   * near the price now for a window about to open, near the cap for one far off. Acts alone (and in place of DISP-122's
   * cap where both are on).
   */
  laterVehiclesHonouredWait: boolean;
  /** DISP-42 (measured, off): the surgical places a re-plannable job holds are given back to the round that may re-plan it (its beds are not). */
  ownReservations: boolean;
  /** DISP-43: a round's surgical places go to its casualties in the order they arrive, not the order jobs are committed. */
  arrivalSlots: boolean;
  /** DISP-43: with arrivalSlots, a casualty that reaches a table before this round's bookings is charged the delay it adds to theirs. */
  arrivalDisplace: boolean;
  /**
   * DISP-44: a vehicle on its way that may no longer be re-planned (DISP-20's limit) may still take one more casualty
   * after its pickups (SIM-15: an extension keeps the leg and is not a re-plan).
   */
  extendAfterReplan: boolean;
  /**
   * DISP-45: where DISP-34's search re-plans a vehicle on its way to minor casualties, the vehicle instead carries on and
   * adds the search's trip after its own pickups (SIM-15) when that is worth as much as the re-plan.
   */
  minorRePlanExtends: boolean;
  /** DISP-46: a divert is not charged for a casualty it leaves that a job committed earlier in the round fetches. */
  leftTaken: boolean;
  /**
   * DISP-47: a job's own casualties queue for the tables among themselves (not each at the first free one): in every
   * valuation (`all`), only where DISP-23 weighs extending a leg under way (`extensions`), or nowhere (`none`).
   */
  groupQueue: 'all' | 'extensions' | 'none';
  /**
   * DISP-92: where the round's free vehicles that no job takes outnumber the casualties no job takes, DISP-23's weighing
   * of a leg under way queues the leg's casualties for the tables among themselves (DISP-47's `extensions` there only).
   */
  spareGroupQueue: boolean;
  /** DISP-48: where DISP-23 weighs a vehicle's own leg, the surgical places its job holds are given back to it. */
  ownPlaces: boolean;
  /**
   * DISP-139: where DISP-23 weighs a vehicle's own leg (carry on, extend, divert), the surgical places its job committed
   * this round booked (DISP-43) are given back to it, as DISP-48 gives back the backlog's; false: its options queue
   * behind its own bookings.
   */
  ownBookings: boolean;
  /**
   * DISP-140: DISP-33's future worth of a vehicle with a single trip open (the trip the search is pricing) is the flat
   * price (DISP-6), as DISP-81 does for DISP-24's cap; false: G · (1 − (1 − p)^k) / p from that trip.
   */
  oneTripFutureWorth: boolean;
  /** DISP-75: DISP-53's check of a minor casualty's extension values the leg as it is with its own surgical places given back (DISP-48, there only). */
  spareOwnPlaces: boolean;
  /** DISP-50: a stretcher case's onward leg from a stabilising stop waits for the nearest vehicle with a litter place. */
  onwardCarries: boolean;
  /** DISP-56: a casualty whose divert DISP-16's check drops goes to the best free vehicle the assignment left without a job. */
  droppedDivertSpare: boolean;
  /** DISP-123: passes of the round's assignment with each refused divert's pair forbidden (0 = off: one assignment, refusals final). */
  refusedDivertPasses: number;
  /** DISP-125: every divert DISP-16's check refuses (for a casualty no vehicle is on its way to) is weighed by DISP-23/25 as DISP-59's are: carry on, extend, or a spare vehicle fetches the casualty. */
  refusedDivertCarryOn: boolean;
  /** DISP-125: with `refusedDivertCarryOn`, a refused divert's casualty off the leg counts at no less than its baseline where the vehicle carries on. */
  refusedDivertBaseline: boolean;
  /** DISP-57: what a divert's left casualties lose is their trip now against the same vehicle's trip once free again, through the zones active then. */
  leftLaterRisk: boolean;
  /** DISP-59: a divert only DISP-57's price drops is still weighed by DISP-23/25 as carrying on, an extension or a spare vehicle's trip. */
  laterRiskCarryOn: boolean;
  /** DISP-58: DISP-24's cap counts the trips the vehicle can still make at the best rate, not trips for ever. */
  finiteTrips: boolean;
  /**
   * DISP-53: a minor casualty is added to a leg under way to critical casualties (DISP-23) only where no critical
   * casualty of the leg expects less by it (beyond DISP-31's tolerance) than if the vehicle carried on as it is.
   */
  legCriticalFirst: boolean;
  /**
   * DISP-93: in a fleet of at most `sequenceMaxVehicles`, DISP-53 still sends an extension whose critical casualties
   * lose in all at most this share of what the added minor casualty gains over its own alternative (its baseline). 0: off.
   */
  minorDetourShare: number;
  /**
   * DISP-126: how much expected survival DISP-53's check lets a critical casualty of the leg lose to a minor
   * casualty's extension (absolute). 0 since DISP-126 (`optimal-v1`: 0.01, DISP-31's tolerance, as before it was a
   * param). Found on held-out 1023-167 (16 ambulances, 13 idle): an RPM-10 casualty added to a leg to an RPM-5 one
   * moved its drop-off 440.9 -> 451.3 and cost it 0.0076, all it had left to gain, and optimal fell below closest.
   */
  criticalDetourTolerance: number;
  /**
   * DISP-126 (measured): `criticalDetourTolerance` read as a share of what care can still add to the critical casualty
   * where the leg as it is brings it (its expected survival less its floor), not as survival: the same 0.01 for a
   * casualty with everything to gain, none for one near its floor. Measured, off; nothing to scale at tolerance 0.
   */
  criticalDetourRelative: boolean;
  /**
   * DISP-54 (measured, off): the threat risk of the first leg of a vehicle on its way is priced from where it is now
   * (SIM-14 drives a re-planned leg from there), not from its last stop: for every first leg (`all`), only for those to a
   * casualty not on its leg (`diverts`), or never (`off`). DISP-136 (`lower`): for every first leg, the lower of the
   * two chances (from the last stop, as the simulator's timing has it, and from here, as it drives), so a re-plan never
   * looks safer than the way it takes.
   */
  divertRiskFromHere: 'off' | 'diverts' | 'all' | 'lower';
  /**
   * DISP-63 (measured, not adopted): where DISP-19's search keeps the one-step jobs, a trip is kept only if it adds
   * more than what the casualties still to come lose while it keeps the vehicle busy (`time-worth.ts`), not merely
   * more than nothing: always (`all`), only while no threat zone is active or to come (`no-threats`), only while no
   * zone is still to open (`no-opening`), or never (`off`).
   */
  timeWorth: 'off' | 'no-threats' | 'no-opening' | 'all';
  /**
   * DISP-64: DISP-23's `addToLeg` charges an extension DISP-63's price of the minutes it adds to the leg under way:
   * always (`all`) or only where the extension takes the leg to another facility than the one it was bound for
   * (`other-facility`).
   */
  extensionTime: 'off' | 'all' | 'other-facility';
  /**
   * DISP-65 (measured, not adopted): a critical casualty's stabilising stop is charged DISP-6's scarce-table charge as
   * a surgical facility is: its onward leg ends on a table too, so the stop no longer wins by dodging the charge.
   */
  stopTableCharge: boolean;
  /** DISP-66 (measured, not adopted): an extension adding a minor casualty to a leg carrying critical ones keeps the leg's facility. */
  legKeepsFacility: boolean;
  /**
   * DISP-70: DISP-64's charge only where the added casualty's baseline is some vehicle's trip, above the untreated floor
   * (`trip`), or this vehicle's own or one by a vehicle idle, not on its way and given no job this round (`own-or-free`).
   */
  freeAlternativeTime: 'off' | 'trip' | 'own-or-free';
  /**
   * DISP-71: DISP-23's `addToLeg` also charges an extension what the waiting casualties whose baseline is this
   * vehicle's own trip lose while it keeps the vehicle busy longer.
   */
  ownBaselineLoss: boolean;
  /**
   * DISP-72: a stabilising stop's onward vehicle is the first to reach it once the critical casualties already waiting
   * are served (first come, first served, each by the vehicle that reaches it first), not the nearest vehicle alone.
   */
  onwardLoad: boolean;
  /** DISP-118: DISP-72 only where the view holds one vehicle (its onward vehicle is itself, once free). */
  onwardLoadLone: boolean;
  /** DISP-119: DISP-118 counting only the casualties the lone vehicle would fetch before coming back to the stop. */
  onwardLoadNarrow: 'off' | 'queue' | 'stake' | 'swap';
  /**
   * DISP-121: a vehicle lost in a zone raises the zone's hazard for every class by the Bayesian update of a Gamma prior
   * on its multiplier (mean 1, this strength in expected losses) with the losses there against the hazard driven
   * through it (`loss-evidence.ts`); 0: off, the declared rates.
   */
  lossEvidence: number;
  /** DISP-121: the exposure evidence is the view's `zoneHazard` (false: none counted, each loss weighs fully, as the live view can show). */
  lossEvidenceExposure: boolean;
  /**
   * DISP-73: a vehicle on its way to a pickup is a stabilising stop's onward vehicle from where and when it is free
   * once its job is done (`ifKept`), not from its last stop now, where SIM-14 shows it for re-planning.
   */
  onwardIfKept: boolean;
  /**
   * DISP-78: a vehicle on its way whose first trip in DISP-19's best sequence the round would not send (a re-plan to a
   * minor casualty outside its leg) is searched again carrying on its leg, the rest of the fleet free.
   */
  sequenceKeepsLegs: boolean;
  /**
   * DISP-79: in a fleet of at most `sequenceMaxVehicles`, a vehicle on its way to a critical casualty may be re-planned
   * this many times per leg instead of `criticalDiverts` (where that is above 0: `criticalDiverts` 0 turns DISP-20 off
   * for every fleet); 0: `criticalDiverts` for every fleet.
   */
  smallFleetDiverts: number;
  /** DISP-142: DISP-79's re-plans only while no threat zone is active or to come; false: always. */
  smallFleetDivertsCalm: boolean;
  /**
   * DISP-80: in a fleet of at most `sequenceMaxVehicles`, the first leg of a re-plan to a casualty not on the vehicle's
   * leg is priced from where the vehicle is now (DISP-54's `diverts`, for small fleets only; measured, not adopted).
   */
  smallFleetRiskFromHere: boolean;
  /**
   * DISP-110: where the view holds one vehicle, the first leg of its re-plan to a casualty not on its leg is priced
   * from where it is now (DISP-80's pricing for the lone vehicle only; measured, not adopted).
   */
  loneRiskFromHere: boolean;
  /**
   * DISP-76: DISP-19's search takes a facility's beds trip by trip and gives them back when they free (the view's
   * `bedsFreeAt`, and each trip's own: at the dropoff, or when the operation ends), so a trip to a facility full now
   * but with a bed free by then is valued with the wait for it (`later`); `off`: beds free now only.
   */
  bedFrees: 'off' | 'later';
  /**
   * DISP-77: a job after which its vehicle has no time left in its availability windows for another trip like it (from
   * where the job ends out to its first pickup and back), though it had time for two from where it is, is charged the
   * trip it can no longer make (`serviceValue`, at most the vehicle's worth) where it gets through.
   */
  windowSpent: boolean;
  /**
   * DISP-81: a vehicle with a single trip open is not priced from that trip alone (DISP-24's cap and DISP-28's worth;
   * DISP-33's is DISP-140): weighed against a worth estimated from itself the trip only breaks even, whatever it risks.
   */
  oneTripWorth: boolean;
  /**
   * DISP-82: the one vehicle of a fleet of one is not sent on a job it gets through with a chance below this (its
   * legs' threat exposure, as `careful` reads it); 0 turns the rule off (measured, not adopted: 0.5 was measured).
   */
  loneMinThrough: number;
  /**
   * DISP-141: DISP-82's limit, applied only while a zone active or to come closes before the horizon (where neither
   * DISP-104's exact plan nor DISP-33's search runs, having no move "wait until it closes"); 0: off. `loneMinThrough`,
   * where above 0, applies always.
   */
  loneMinThroughClosing: number;
  /**
   * DISP-85: a vehicle on its way to a critical casualty that has driven more than this share of the way from its last
   * stop to its first pickup is not re-planned (SIM-14 would restart the leg from that stop); 0 turns the rule off.
   */
  sunkLegShare: number;
  /**
   * DISP-84: with `sunkLegShare` above 0, such a vehicle stays re-plannable, and only a re-plan that reaches its new
   * first casualty no sooner than carrying on reaches the vehicle's own is dropped (it carries on).
   */
  sunkLegLater: boolean;
  /**
   * DISP-86: in a small fleet (at most `sequenceMaxVehicles`), a one-step job that starts with the pickup its vehicle is
   * driving to, keeps its leg and grows it with critical casualties is sent as DISP-39's extension (the leg under way
   * goes on, SIM-15), as the search's own first trips are; before, such a job was dropped as "carrying on" and the
   * vehicle, counted busy, was offered no extension either.
   */
  ownLegGrown: boolean;
  /**
   * DISP-83: in a small fleet (at most `sequenceMaxVehicles`), a vehicle whose job this round starts with its own next
   * pickup carries on and is offered DISP-23's extension (`addToLeg`): that job is dropped as carrying on anyway, but it
   * made the vehicle count as busy, so a casualty reported near its leg was never chained onto it. `critical`: only a
   * casualty of RPM ≤ 9 is added so (as DISP-39, DISP-44); `all`: any; `off`.
   */
  chainOwnLeg: 'off' | 'critical' | 'all';
  /**
   * DISP-87 (measured, not adopted): an extension DISP-83 offers (the vehicle's own-leg job left out) is also charged
   * this share of DISP-63's price of the minutes it adds to the leg (`timeCost`, as DISP-64 charges every extension with
   * `extensionTime`; 0: off), where the added casualty's alternative (its baseline) adds less than `PAST_SAVING` over
   * no care: that alternative takes no vehicle time, the chain's minutes are the small fleet's.
   */
  chainTime: number;
  /**
   * DISP-87 (measured, not adopted): what such a chained extension must add beyond DISP-23's margin (0: off): a chain
   * fills the leg, which left open may still take a casualty reported later.
   */
  chainMargin: number;
  /**
   * DISP-88: a vehicle that DISP-23's `addToLeg` gives an extension may take more waiting casualties after it, one at a
   * time, each where it still adds more than its own alternative over the leg extended so far (by the same tests:
   * DISP-53, capacity, the leg's facility); before, one per round, and a casualty that only the extended leg made worth
   * taking waited for a trip of its own when no later round came before the pickups. `small`: only while the view holds
   * at most `sequenceMaxVehicles` vehicles (in a larger fleet another vehicle fetches it soon); `all`: any fleet; `off`.
   */
  addMoreToLeg: 'off' | 'small' | 'all';
  /**
   * DISP-91: in a small fleet (at most `sequenceMaxVehicles`), a minor casualty may also not lower a critical one's
   * expected survival on a shared trip (DISP-31's `no-critical-loss` beside `minorRides`): with few vehicles the detour
   * for a minor casualty is what the critical one rides through, and a re-plan off a critical casualty could be paid by
   * the minor one alone (generated 1005-100). `replans`: only on a trip that leaves a critical casualty its vehicle is
   * shown on its way to (SIM-14); `all`: every trip; `off`: `minorRides` in every fleet.
   */
  smallFleetCriticalFirst: 'off' | 'replans' | 'all';
  /**
   * DISP-96: DISP-19's best sequence is not used in a round where its first trip for the fleet's only vehicle of its
   * kind (the only vehicle, or the only one with a litter place) adds less than this (its own gain in the search) and
   * keeps that vehicle busy more than `sequenceLowGainMin` minutes: the one-step plan decides instead. 0: off.
   */
  sequenceLowGain: number;
  /** DISP-96: the minutes from now to the end of such a first trip above which its low gain holds the sequence back. */
  sequenceLowGainMin: number;
  /** DISP-96: such a vehicle is also held (given no job this round), the one-step plan deciding for the others. */
  sequenceLowGainHolds: boolean;
  /** DISP-96: the casualties at least expected (view's rate) from now to the trip's end or the horizon for the rule to act. */
  sequenceLowGainToCome: number;
  /**
   * DISP-96 (cause X): no DISP-34 minor re-plan of a vehicle that reaches its leg's first pickup within this many
   * minutes if it carries on (the search sees it at its last stop, so the leg's progress looks lost). 0: off.
   */
  minorDivertNearMin: number;
  /**
   * DISP-95: a vehicle with casualties aboard on its way to their dropoff (SIM-19) fetches a critical casualty no job of
   * the round takes on the way, dropping it with them, where that casualty gains over its alternative (its baseline)
   * more than those aboard lose by the detour. `clocks`: their loss is their survival at their clocks at the old and the
   * new dropoff; `tables`: at the facility's first table from then (the view's backlog counts every casualty on its way
   * as queued from now, so a delay can look free). Off: SIM-4's vehicle takes no one until it has dropped those aboard.
   */
  addAboard: 'off' | 'clocks' | 'tables';
  /**
   * DISP-97: under threats a casualty past saving may be picked up for its place, a way round a zone: `aboard`, in a
   * fleet of at most `sequenceMaxVehicles`, a vehicle with casualties aboard on its way to their dropoff goes through
   * it where no critical casualty is worth adding and those aboard and the vehicle gain by the safer way more than the
   * detour and the table it takes cost (DISP-95's insertion); `all`, also DISP-19's search values each trip through
   * one such place (at any place in its pickup order).
   */
  waypoints: 'off' | 'aboard' | 'all';
  /**
   * DISP-99: a stabilising stop (or hand-off point) whose onward leg reaches no surgical place with a bed free now.
   * `floor`: it is worth at least the untreated limit (SIM-7: a casualty no one moves on settles there, as one never
   * fetched does), not 0; `beds`: also, a full facility's bed that frees later (the view's `bedsFreeAt`, past those the
   * round has given out) is waited for at the stop (slower clock), the onward job setting out when it frees (SIM-3/4:
   * beds are promised at a job's start); `settled`: `beds` only for a casualty that, left where it is until that bed
   * frees, has settled by then (going straight once it frees gains nothing). `off`: such a leg is worth 0.
   */
  stopFloor: 'off' | 'floor' | 'beds' | 'settled';
  /**
   * DISP-100: where the round's commitments (the surgical places and beds its earlier jobs took) lower what a job's
   * first casualty expects, they lower its alternative too — the same trip `delayMin` later queues behind the same
   * places — so its baseline falls by what they cost the assigned pair's delayed trip. Off: the baseline stays as
   * valued before any commitment, and waiting looks as good as before the round filled the tables.
   */
  slotFresh: boolean;
  /**
   * DISP-101: DISP-19's search also forms trips of three pickups (a pair that gains over its first casualty alone,
   * extended by another of that casualty's nearest partners, in that order) while at most this many casualties are
   * open at the search's node; 0: pairs at most.
   */
  sequenceTriples: number;
  /**
   * DISP-101: such a trip of three is valued without DISP-31's rule on minor casualties (`minorRides` `any`): the
   * search already prices the vehicle's loss on it and the trips it loses with it.
   */
  sequenceTriplesAnyRides: boolean;
  /**
   * DISP-101: trips of three only in a fleet of at most this many vehicles (the view's, busy or not): in larger fleets
   * (3 measured) the search handed a casualty to another vehicle for a trip of three that took a vehicle from the
   * reports to come (1002-8 -1.21 expected critical survivors).
   */
  sequenceTriplesMaxVehicles: number;
  /**
   * DISP-105: a vehicle on its way that the round may re-plan (SIM-14, shown free at its last stop) is a casualty's
   * later alternative as it will be once its leg is done (its `ifKept`: a trip from there, shared out like a busy
   * vehicle's, busyOnce), not as the same trip from its last stop `delayMin` later — that trip is a re-plan DISP-16's
   * check refuses whenever the leg's casualties lose more by it. The casualties of its own leg keep that trip. `small`:
   * only in a fleet of at most `sequenceMaxVehicles` (the view's); `all`: any fleet; `off`: the trip from its last stop,
   * like an idle vehicle's.
   */
  enRouteAlternative: 'off' | 'small' | 'all';
  /**
   * DISP-105: where the round sends another vehicle to a casualty of a leg under way (a swap), DISP-23's weighing of
   * that vehicle's divert counts the casualty as that job fetches it, not as fetched by the same vehicle once free.
   */
  swapLegs: boolean;
  /**
   * DISP-106: with `swapLegs`, the swapped casualty counts as the other job's plan is worth for it (its expected
   * survival less its table charge and its share of that vehicle's risk), priced as DISP-23 prices the divert's own
   * casualties, not at its bare expectation.
   */
  swapPriced: boolean;
  /**
   * DISP-106: with `swapLegs`, a swap is counted only where both halves stand: the divert's first pickup is critical
   * (RPM ≤ 9; `divertsFirst` sends no other divert, and drops the other job's half with it) and so is the casualty the
   * other job takes over (a fresh leg to a minor casualty is the one the next critical report re-plans away).
   */
  swapCritical: boolean;
  /**
   * DISP-104: where the planning view holds one vehicle (idle, no windows or range limit, no zone closing before the
   * horizon, nobody at a stabilising stop), the round's job is the first trip of the exact plan over the casualties
   * known now (the clairvoyant solver run online, `exact-lone.ts`), the vehicle's later worth priced by DISP-33's
   * casualties still to come; off: today's one-step plan, DISP-19's search and the rules after it.
   */
  exactLone: boolean;
  /** DISP-104: the exact plan only while at most this many casualties savable now are known (else today's plan). */
  exactLoneMax: number;
  /** DISP-104: past this many trips valued in a round's exact solve, today's plan instead (bounds its CPU). */
  exactLoneBudget: number;
  /** DISP-104: the share of DISP-33's worth to the casualties still to come a plan ends with, per chance still running. */
  exactLoneWorth: number;
  /**
   * DISP-108: a casualty's waiting alternative (DISP-1: the same trip `delayMin` later) is driven through the zones as
   * they are then: `opening` only where that lowers it (a zone opens within the delay), `both` also where one closes;
   * `off`: through the zones as they are for the trip now (its clock alone pays for the delay).
   */
  delayedZones: 'off' | 'opening' | 'both';
  /**
   * DISP-107 (a): the exact plan only where the view has no zone active or still to come (else today's plan, whose
   * threat rules were each traced on such views); false: under threats too, as DISP-104.
   */
  exactLoneNoZones: boolean;
  /**
   * DISP-107 (b): what a survivor of RPM ≥ 10 counts in the exact solve, one of RPM ≤ 9 counting 1 (the measure the
   * families and issue 11 use is critical survivors); 1: every survivor alike, as DISP-104.
   */
  exactLoneMinorWeight: number;
  /**
   * DISP-114: with `exactLone`, the exact plan (which counts every survivor alike) is the round's job only where its
   * expected critical survivors (RPM ≤ 9, as the families count them) fall short of the best plan for critical
   * casualties alone by at most this much; else today's plan. Negative: no guard (DISP-104).
   */
  exactLoneGuard: number;
  /**
   * DISP-115: with `exactLone`, a plan's end value (the vehicle's worth to the casualties still to come) falls linearly
   * to nothing at the horizon by the minute the plan frees the vehicle; false: the same whenever it ends (DISP-104).
   */
  exactLoneWorthFalls: boolean;
  /**
   * DISP-117: with `exactLone`, the exact plan does not hold the vehicle while a critical casualty (RPM ≤ 9) savable
   * now is known: the best plan that fetches someone; false: holding is one of its plans (DISP-104).
   */
  exactLoneNoHold: boolean;
  /**
   * DISP-129: with `exactLone` and a minor weight, DISP-107 (b)'s scaling of the vehicle's worth to the casualties still
   * to come is the weighted share of the latest reports' fresh gains (the view's `recent`, a sample of those to come,
   * as DISP-37), not of the casualties known now (those waiting are the ones trips left: minor, or past a trip's
   * reach); false: of those known (DISP-107).
   */
  exactLoneReportedShare: boolean;
  /**
   * DISP-131: with `exactLone`, a facility with availability windows is taken as always open where one window covers
   * [now, horizon] (the solve has no windows); false: any windows keep the exact plan out (DISP-104).
   */
  exactLoneOpenThrough: boolean;
  /**
   * DISP-109: where a trade puts a critical casualty's (RPM ≤ 9) survival at stake, it is settled in critical
   * survivors and charged for the alternatives it spends. `diverts`: a re-plan that leaves a critical casualty of its
   * leg worse off must gain more than the whole leg loses with its minor riders (RPM ≥ 10) counting nothing;
   * `insertions`: DISP-95/97's insertion is charged what each casualty DISP-2's busyOnce assignment gave that vehicle
   * loses when the vehicle frees later (down to its best alternative without it); `both`; `off`: all survivors alike.
   */
  criticalTrade: 'off' | 'diverts' | 'insertions' | 'both';
  /**
   * DISP-111: the round is shown only the vehicles that can reach a casualty (waiting, expected or lately reported)
   * within their sortie range. `view`: those that cannot count neither in the fleet's size (the small-fleet rules) nor
   * in the demand each vehicle's price shares (DISP-6, 24, 30, 63); `gates`: in the size only, the prices as before;
   * `off`: every vehicle in service.
   */
  reachableFleet: 'off' | 'view' | 'gates';
  /**
   * DISP-112: a stabilising stop's onward leg (DISP-7) reaches its facility only while it is open (SIM-4 refuses a
   * dropoff outside its open windows). `skip`: a route that arrives while the facility is closed is not counted;
   * `wait`: the casualty is held at the stop until the onward vehicle can arrive in a window; `off`: every route
   * counted as if the facility were always open.
   */
  onwardOpen: 'off' | 'skip' | 'wait';
  /**
   * DISP-113: a casualty is also valued with each protection class's nearest vehicle free to go now (idle, on its way to
   * nobody), where DISP-3's nearest of that class is on its way elsewhere (a re-plan DISP-16 may refuse) or busy.
   * `critical`: for casualties of RPM ≤ 9 only; `all`: for every casualty; `off`: DISP-3's picks alone.
   */
  classFreeNearest: 'off' | 'critical' | 'all';
  /**
   * DISP-130: with `exactLone` and a zone active or still to come, the exact solve keeps the casualties past saving as
   * stops it may pass through (a detour round a zone, as DISP-17's optimum uses them), while the casualties in all stay
   * within `exactLoneMax` and the solve within `exactLoneBudget` (else it is solved without them); false: left out (DISP-104).
   */
  exactLoneWaypoints: boolean;
  /**
   * DISP-132: a stabilising stop's onward route is priced through the zones as they are when it really leaves (the
   * drop, the onward vehicle's arrival and the slack, any hold for a bed or an open window, and the loading), not at
   * now plus the onward vehicle's arrival. `both`: at the departure; `opening`: the lower of the two chances (a zone
   * that opens before the departure counts, one that closes before it does not); `off`: at now plus that arrival.
   */
  onwardAtDeparture: 'off' | 'opening' | 'both';
  /**
   * DISP-133: the exact lone plan (DISP-104) makes no trip of minor casualties alone that more likely than not loses
   * the vehicle on its way (DISP-26's `minorTripMaxLoss`, which every other plan of a minor trip keeps); false: any trip.
   */
  exactLoneMinorBound: boolean;
  /**
   * DISP-134: DISP-103's reading of DISP-30's floor (no floor where the vehicle's threats outlast the horizon) in the
   * exact lone plan's later worth only; false: as `floorAfterThreats` says for every plan.
   */
  exactLoneFloorAfterThreats: boolean;
  /**
   * DISP-135: a stabilising stop's onward route counts only where its onward job (the drive to the stop, the loading,
   * the route and the unloading) fits one availability window of the onward vehicle (SIM-4); false: at any time.
   */
  onwardOnDuty: boolean;
  /**
   * DISP-137: DISP-24's best rate is taken among the trips for critical casualties (RPM ≤ 9) where the vehicle has one
   * open (a minor casualty's trip scaled to a fresh report gains as much as a critical one's, though the round values
   * it at about nothing over waiting); false: among all its trips.
   */
  earningsCritical: boolean;
  /**
   * DISP-138: where DISP-23 (and DISP-71, DISP-39's re-plan check) counts a casualty as fetched by the same vehicle once
   * an option's plan is done, that later trip starts where the plan leaves the vehicle (its facility), not where the
   * vehicle is shown now; false: from where it is shown.
   */
  laterFromLegEnd: boolean;
  /**
   * DISP-144: in a fleet of at most `sequenceMaxVehicles`, DISP-30's floor also counts the demand expected while the
   * vehicle's threats last, at the share of casualties to come its trip reaches safely, by the latest reports (the
   * rule of succession over those whose trip is safe); `future`: in DISP-33's worth only (the search, the exact lone
   * plan), not in DISP-24's cap; `off`: only the demand after the threats.
   */
  safeShareFloor: 'off' | 'future' | 'all';
  /** DISP-144's prior: the share is (safe + a) / (n + 2a), a = this (1: the rule of succession; 0: the reports alone). */
  safeSharePrior: number;
  /**
   * DISP-145: DISP-102's substitute worth also lowers a vehicle's price below the flat price (DISP-6), to no less than
   * `serviceValue`, where the rest of the fleet can do what it does; false: it only raises it.
   */
  substituteBelowFlat: boolean;
  /** DISP-146: every drop-off hands its casualties over most urgent first (what each loses by waiting one operation there). */
  unloadUrgentFirst: boolean;
  /**
   * DISP-147: DISP-47's queue within a job reads DISP-146's unloading order also while a table is free (most lost by
   * waiting one operation first); false: pickup order while a table is free.
   */
  groupQueueUrgentFirst: boolean;
  /** DISP-148: no DISP-33 search under threats for a fleet of one vehicle (the one-step plan decides there); false: off. */
  sequenceSkipsLone: boolean;
  /**
   * DISP-149: under DISP-33's pricing, a search one of whose trips sent now gets its vehicle through with less than
   * this chance is not adopted: the one-step plan decides (0: off; `careful` sends no vehicle below 0.5).
   */
  sequenceMinThrough: number;
  /**
   * DISP-150: where `addToLeg` weighs adding a casualty to a vehicle's leg under way, the leg as it is valued without
   * its own surgical places counted again (DISP-48's backlog and DISP-139's bookings given back): `all`, the kept and the
   * extended leg both weighed so (and `addMoreToLeg`'s further additions); `elsewhere`, `addToLeg`'s extension that
   * takes the leg to another facility must also beat the kept leg so valued (a further addition by `addMoreToLeg` is
   * not checked); `off`: the round's context (DISP-48's double count).
   */
  addOwnPlaces: 'off' | 'all' | 'elsewhere';
  /**
   * DISP-151: DISP-150's charge also where DISP-23 weighs a divert or an extension against carrying on
   * (`chooseDivertOrExtend`): an option that ends at another facility than the leg's is charged what the leg as it is
   * gains once its own places and bookings are not counted again; false: the round's context as before.
   */
  divertOwnPlaces: boolean;
}

/**
 * The rules of session 42 (held-out families 1026–1028), each measured on the twelve dev families (60 × 4, critical
 * survivors) and not adopted: off in both sets below.
 */
const MEASURED_OFF_42 = {
  // DISP-137: -0.18 (1012 -1.43, 1017 -0.93, 1010 -0.34; 1013 +0.68, 1014 +0.58, 1002 +0.50).
  earningsCritical: false,
  // DISP-138: eight of the twelve families -5.80 (1011 -1.77, 1014 -1.05, 7 -1.00, 1010 -0.98).
  laterFromLegEnd: false,
  // DISP-139: +0.61 in all, but 1017 -0.42, 1012 -0.34, 1014 -0.28, 1018 -0.24; at 10 seeds (session 43) +1.74,
  // but 1014 -0.24, 1008 -0.21 (one scenario each, traced in its row).
  ownBookings: false,
  // DISP-140: +0.22 (1002 -0.35, 1011 -0.17, 1012 -0.14, 1015 -0.13; 1010 +0.44, 1016 +0.37); at 10 seeds -0.37.
  oneTripFutureWorth: false,
  // DISP-141, at 0.5: -0.83 (1011 -0.59, 1017 -0.23; only fleets of one move).
  loneMinThroughClosing: 0,
  // DISP-142: -1.07 (7 -1.12, 1018 -0.64, 1012 -0.33; 1013 +1.40).
  smallFleetDivertsCalm: false,
} as const satisfies Partial<OptimalParams>;

/** The rules of session 44 (held-out families 1030 and 1031), measured as session 42's and not adopted. */
const MEASURED_OFF_44 = {
  // DISP-144 (`all`, prior 1): +0.85 at 4 seeds; at 10 +0.20, but 1011 -0.54, 1012 -0.37, 1015 -0.15, 1017 -0.12.
  // Prior 0 (the reports alone): -0.90 at 4 seeds (1015 -0.72, 1011 -0.40).
  safeShareFloor: 'off',
  safeSharePrior: 1,
  // DISP-145 (with `substituteWorth` 'all'): +7.22 at 4 seeds, every family within the seeds' half-width (1017 -0.75),
  // but vehicles lost +15 to +43 % on every family and all survivors down on eight.
  substituteBelowFlat: false,
} as const satisfies Partial<OptimalParams>;

/** The rules of session 45 (held-out family 1033), each measured on the twelve dev families and not adopted. */
const MEASURED_OFF_45 = {
  // DISP-147: -0.52 (1011 -1.24 ± 1.18, 1017 -0.37, 1012 -0.32, 1016 -0.17; 1015 +0.92, 1010 +0.28).
  groupQueueUrgentFirst: false,
  // DISP-148: -0.20 (fleets of one only; 7 -0.27, 1002 -0.38, 1010 -0.18).
  sequenceSkipsLone: false,
  // DISP-149 at 0.5: -0.09 (1002 -0.72, 1012 -0.32; 1017 +0.47, 1010 +0.32); at 0.3: -0.29 (1002 -0.57).
  sequenceMinThrough: 0,
} as const satisfies Partial<OptimalParams>;

/** The rules of session 46 (held-out families 1034 and 1035), measured as session 42's and not adopted. */
const MEASURED_OFF_46 = {
  divertOwnPlaces: false,
} as const satisfies Partial<OptimalParams>;

/** Today's optimiser, frozen (DISP-15): `optimal-v1` runs with exactly these. */
export const OPTIMAL_V1_PARAMS: Readonly<OptimalParams> = Object.freeze({
  delayMin: 45,
  serviceValue: 0.1,
  maxVehicleValue: 2,
  lastVehicleWorth: false,
  untreatedFloor: false,
  tieBonus: 0.01,
  joinCandidates: 6,
  vehiclesPerCasualty: 8,
  anticipate: 2,
  anticipationWeight: 0.5,
  onwardSlackMin: 45,
  slotCost: 0.1,
  slotSalvage: 1,
  useArrivals: true,
  busyOnce: true,
  idleOnce: false,
  divert: false,
  criticalDiverts: 0,
  sequence: false,
  sequenceMaxVehicles: 0,
  sequenceMaxCasualties: 0,
  sequenceBudget: 0,
  sequenceThreats: false,
  carryOn: false,
  earningsCap: false,
  spareForDivert: false,
  minorTripMaxLoss: 1,
  speedWorth: false,
  fastWorth: 0,
  fastWorthAlone: false,
  substituteWorth: 'off',
  lastVehicleTrips: false,
  soleServerTrips: 'off',
  secondChanceRisk: false,
  secondChanceBelow: 0,
  earningsFloor: false,
  floorAfterThreats: false,
  minorRides: 'any',
  sequenceFutureWorth: false,
  sequenceMinorDiverts: 0,
  sequencePricesMinorRisk: false,
  sequenceNoUnpricedExtension: false,
  reportedWorth: false,
  pastSavingWaypoint: false,
  ownLegExtension: false,
  savableSponsor: false,
  laterVehicles: false,
  laterVehiclesHonoured: false,
  laterVehiclesHonouredWait: false,
  ownReservations: false,
  arrivalSlots: false,
  arrivalDisplace: false,
  extendAfterReplan: false,
  minorRePlanExtends: false,
  leftTaken: false,
  groupQueue: 'none',
  spareGroupQueue: false,
  ownPlaces: false,
  spareOwnPlaces: false,
  onwardCarries: false,
  droppedDivertSpare: false,
  refusedDivertPasses: 0,
  refusedDivertCarryOn: false,
  refusedDivertBaseline: false,
  leftLaterRisk: false,
  laterRiskCarryOn: false,
  finiteTrips: false,
  legCriticalFirst: false,
  minorDetourShare: 0,
  criticalDetourTolerance: 0.01,
  criticalDetourRelative: false,
  divertRiskFromHere: 'off',
  timeWorth: 'off',
  extensionTime: 'off',
  stopTableCharge: false,
  legKeepsFacility: false,
  freeAlternativeTime: 'off',
  ownBaselineLoss: false,
  onwardLoad: false,
  onwardLoadLone: false,
  onwardLoadNarrow: 'off',
  lossEvidence: 0,
  lossEvidenceExposure: true,
  onwardIfKept: false,
  sequenceKeepsLegs: false,
  smallFleetDiverts: 0,
  smallFleetRiskFromHere: false,
  loneRiskFromHere: false,
  bedFrees: 'off',
  windowSpent: false,
  oneTripWorth: false,
  loneMinThrough: 0,
  sunkLegShare: 0,
  sunkLegLater: false,
  ownLegGrown: false,
  chainOwnLeg: 'off',
  chainTime: 0,
  chainMargin: 0,
  addMoreToLeg: 'off',
  smallFleetCriticalFirst: 'off',
  sequenceLowGain: 0,
  sequenceLowGainMin: 60,
  sequenceLowGainHolds: false,
  sequenceLowGainToCome: 0,
  minorDivertNearMin: 0,
  addAboard: 'off',
  waypoints: 'off',
  stopFloor: 'off',
  slotFresh: false,
  sequenceTriples: 0,
  sequenceTriplesAnyRides: false,
  sequenceTriplesMaxVehicles: 3,
  enRouteAlternative: 'off',
  swapLegs: false,
  swapPriced: false,
  swapCritical: false,
  exactLone: false,
  exactLoneMax: 12,
  exactLoneBudget: 5000,
  exactLoneWorth: 1,
  delayedZones: 'off',
  exactLoneNoZones: false,
  exactLoneMinorWeight: 1,
  exactLoneGuard: -1,
  exactLoneWorthFalls: false,
  exactLoneNoHold: false,
  exactLoneReportedShare: false,
  exactLoneOpenThrough: false,
  criticalTrade: 'off',
  reachableFleet: 'off',
  onwardOpen: 'off',
  classFreeNearest: 'off',
  exactLoneWaypoints: false,
  onwardAtDeparture: 'off',
  exactLoneMinorBound: false,
  exactLoneFloorAfterThreats: false,
  onwardOnDuty: false,
  unloadUrgentFirst: false,
  addOwnPlaces: 'off',
  ...MEASURED_OFF_42,
  ...MEASURED_OFF_44,
  ...MEASURED_OFF_45,
  ...MEASURED_OFF_46,
});

export const DEFAULT_OPTIMAL_PARAMS: OptimalParams = {
  delayMin: 45,
  serviceValue: 0.1,
  maxVehicleValue: 2,
  // Off: on tuning families 601–603 it added nothing to the floor below (critical survivors 0.999 ×; DISP-21).
  lastVehicleWorth: false,
  untreatedFloor: true,
  // Zero (DISP-22): with the untreated floor a trip must add something over leaving its casualties; on tuning families
  // 601 / 602 (60 × 3) 0.01 cost 1.3 % / 2.5 % of expected critical survivors.
  tieBonus: 0,
  joinCandidates: 6,
  vehiclesPerCasualty: 8,
  // Off: on the generated family 7 (60 × 2) anticipation cost 1.0 % of critical survivors (DISP-9).
  anticipate: 0,
  anticipationWeight: 0.5,
  onwardSlackMin: 45,
  slotCost: 0.1,
  slotSalvage: 1,
  useArrivals: true,
  busyOnce: true,
  // Off (measured, DISP-74): critical survivors family 999 (100 × 5) −6.46, 1000 −9.54, 997 −8.25, the examples −0.37
  // (all survivors +6.7, +18.2, +12.2); 997-184 +0.27.
  idleOnce: false,
  divert: true,
  // One: on generated family 302 (60 × 2) 0 gave 0.944 × and unlimited 0.993 × the critical survivors of one (DISP-20).
  criticalDiverts: 1,
  sequence: true,
  sequenceMaxVehicles: 3,
  sequenceMaxCasualties: 8,
  sequenceBudget: 3000,
  // Off: on the exact yardstick's threat families it gains much, on generated family 977 it cost 1.2 % (DISP-19).
  sequenceThreats: false,
  carryOn: true,
  earningsCap: true,
  spareForDivert: true,
  // careful's threshold (DISP-13: never below 0.5 of getting through), not tuned.
  minorTripMaxLoss: 0.5,
  speedWorth: false,
  fastWorth: 0,
  fastWorthAlone: false,
  // On (DISP-102): four-sector-surge 7.760 → 8.352 over 100 seeds, the other examples and families 7, 1002 unmoved,
  // 1006 and 1008 up; `all` lost on three examples.
  substituteWorth: 'fast',
  lastVehicleTrips: true,
  // On, `idle` (DISP-120): twelve dev families (60 x 4) critical survivors +0.65, none down (1008 +0.37, 1014 +0.16),
  // all survivors -2.94 (1012 -2.03, 1015 -1.84); examples unchanged; held-out 1021-80 1.248 -> 1.341 (10 seeds).
  // `all` +0.84 but 1012 -0.27 (1012-17: a vehicle on its way re-planned off its critical casualty).
  soleServerTrips: 'idle',
  // Off (measured): on tuning families 901–903 (100 × 2) it changed critical survivors by −0.1 %, +0.4 %, −0.2 %, and
  // it undid DISP-25's gain on 902-41 (DISP-29).
  secondChanceRisk: false,
  // On at 0.1 (DISP-89): critical survivors family 1004 (200 × 4) +0.49 (5 scenarios move, all up), 1002 (60 × 4)
  // +0.04, 7 (60 × 4) and the examples (20 seeds) unchanged; clairvoyant `threat` 10032–10191 0.944 → 0.943 (10099
  // 1.007 → 0.980); at 0.3 1002 −0.38, 7 −0.35.
  secondChanceBelow: 0.1,
  // On tuning families 901–903 (100 × 2): +0.1 %, +0.2 %, +0.1 % of critical survivors (DISP-30).
  earningsFloor: true,
  // Off (measured, DISP-103): 1010-99 0.117 -> 0.124 (30 seeds); critical survivors (60 x 4) 7 -0.65 (7-59 -0.54),
  // 1002 -0.29 (1002-53 -0.32), 1008 -0.02, 1010 -0.15; the examples unchanged but four-sector-surge +0.09 (20 seeds).
  floorAfterThreats: false,
  // On tuning families 901–903 (100 × 2): +0.5 % of critical survivors on each against `any`; `no-critical-loss`
  // cost 2.2 % on 901 (DISP-31).
  minorRides: 'no-added-risk',
  sequenceFutureWorth: true,
  sequenceMinorDiverts: 2,
  // Off: DISP-31's front band (one ambulance, an RPM-12 casualty deep in it) sent the ambulance in (DISP-35).
  sequencePricesMinorRisk: false,
  sequenceNoUnpricedExtension: false,
  reportedWorth: false,
  pastSavingWaypoint: true,
  ownLegExtension: true,
  savableSponsor: true,
  laterVehicles: true,
  // Off (measured, DISP-122): twelve dev families (60 x 4) +1.50 critical survivors (up on 5), but 1016 -0.26 (a vehicle
  // on duty two minutes later left out); held-out 1021-80 1.341 -> 1.747 (10 seeds).
  laterVehiclesHonoured: false,
  // Off (measured, DISP-124): twelve dev families (60 x 4) +0.86 critical survivors (up on 4, 1016 and 1017 no longer
  // down), but 1012 -0.24 (1012-6, one seed); held-out 1021-80 1.341 -> 1.747, 1016-1 and 1008-9 as off (10 seeds).
  laterVehiclesHonouredWait: false,
  ownReservations: false,
  arrivalSlots: true,
  arrivalDisplace: true,
  // Off (measured): family 991 (60 × 5) +0.69 critical survivors, family 7 (60 × 2) −0.15 (DISP-44).
  extendAfterReplan: false,
  minorRePlanExtends: true,
  // On: family 991 (60 × 5) +0.11, 7 (60 × 2) +0.48, 981 (first 100 × 10) +0.18 critical survivors (DISP-46).
  leftTaken: true,
  // On since session 32 (DISP-47 `extensions`, found on held-out 1017-7): at 200 × 4 above on all ten dev families, +51.8
  // critical survivors in all; when built (family 991, an older planner) it cost 0.5 %. DISP-48 still costs: off.
  groupQueue: 'extensions',
  spareGroupQueue: false,
  ownPlaces: false,
  // On (DISP-75): critical survivors family 999 (100 × 5) +0.90, 1000 +0.97, 997 +0.63, 998 +1.24; 999-193 +0.63,
  // 998-144 +0.48 (10 seeds).
  spareOwnPlaces: true,
  // Measured, not adopted (DISP-50): family 994 (200 × 10) −0.24 critical survivors, 991 +0.04, 7 ±0, 981 +0.02.
  onwardCarries: false,
  // Measured, not adopted (critical survivors): DISP-56 family 991 (60 × 5) −1.82; DISP-58 7 (60 × 2) −0.33, 981 −3.42
  // (994 +2.55, 991 +1.56).
  droppedDivertSpare: false,
  // Measured, not adopted (DISP-123, at 4): held-out 1022-129 +0.84 critical survivors; twelve dev families (60 × 4)
  // critical +3.82 but 1017 −1.31, 1011 −0.50, 1015 −0.50, 1012 −0.39, all survivors −13.82.
  refusedDivertPasses: 0,
  // Measured, not adopted (DISP-125): held-out 1022-129 +0.84 critical survivors; twelve dev families (60 × 4) critical
  // −5.82 (1016 −1.71, 1018 −1.69, 1017 −1.03), with `refusedDivertBaseline` −0.74 (1018 −0.82, 1016 −0.72, 1017 −0.35).
  refusedDivertCarryOn: false,
  refusedDivertBaseline: false,
  // On together (session 14; alone DISP-57 cost 991 −0.09, DISP-59's case 991-35): family 995 (200 × 10) +1.41 critical
  // survivors, 994 (first 100 × 10) +0.18, 991 (60 × 5) +0.01, 7 (60 × 2) ±0, 981 (first 100 × 10) +0.09.
  leftLaterRisk: true,
  laterRiskCarryOn: true,
  finiteTrips: false,
  legCriticalFirst: true,
  // Off (measured, DISP-93 at 0.25): clairvoyant threat1 10235-10275 mean 0.941 -> 0.952; critical survivors (60 x 4)
  // 1005 +0.64, 1004 +0.59, but 1002 -0.57 and 7 -0.20 (a leg filled with minor casualties before a critical report).
  minorDetourShare: 0,
  // On (DISP-126, 0): twelve dev families (60 x 4) +2.22 critical survivors (up on 10; 1015 -0.08, 1018 -0.06), all
  // survivors -1.54; held-out 1023-167 0.208 -> 0.216 (closest 0.214, 10 seeds). As a share of the casualty's salvage
  // (criticalDetourRelative at 0.01): +2.09, within the noise of 0 on every family; off. At 0.001 (DISP-128, measured:
  // held-out 1023-86 4.18 -> 5.24, a real 0.00055 loss refused at 0 that cascades) 1012 -0.33 (1012-18), nine families
  // -0.28; DISP-93's share at 0.01 the same on 1023-86, 1008 -0.42 (1008-11), twelve -0.33. Kept at 0.
  criticalDetourTolerance: 0,
  criticalDetourRelative: false,
  // Off (measured, DISP-54): family 991 (60 × 5) −1.3 % of critical survivors, 7 (60 × 2) −1.1 %; for diverts only 991 −0.5 %.
  // `lower` (DISP-136): twelve dev families (60 × 4) −0.08, with 1002 −0.85, 1011 −0.82, 1016 −0.80, 1013 +1.02.
  divertRiskFromHere: 'off',
  timeWorth: 'off',
  // Off (measured, DISP-64): the examples (10 seeds) −1.2 % of critical survivors, family 995 (first 100 × 10) −0.94,
  // 981 (first 100 × 2) −0.25; 996 (100…199 × 10) +1.13, 994 (first 100 × 10) +2.25, 991 +0.25, 7 +0.05.
  extensionTime: 'off',
  // Off (measured, DISP-65): a wash. Critical survivors on − off: 996 (200 × 10) +0.60, 981 (first 100 × 10) +0.30,
  // 991 (60 × 10) +0.03, the examples (10 seeds) +0.055; but 7 (60 × 10) −0.05 (60 × 2: −0.42, 7-46 on one seed).
  stopTableCharge: false,
  // Off (measured, DISP-66): 996 (first 100 × 10) +1.75 critical survivors, 7 (60 × 2) +1.39, but 991 (60 × 10) −0.44,
  // 981 (first 100 × 10) −0.07 (all survivors −3.0), short-staffed-surgery (100 seeds) −0.043.
  legKeepsFacility: false,
  // Off (measured, DISP-70): `own-or-free` family 995 (first 100 × 10) −0.20, 991 −0.14, 7 −1.20, 981 (first 100 × 2)
  // −1.16 (996 +0.84, examples +0.007); `trip` the examples −0.14, 995 −0.65, 7 −0.18, 981 −0.88 (996 +1.21, 991 +0.28).
  freeAlternativeTime: 'off',
  // Off (measured, DISP-71): the examples −0.05, family 995 (first 100 × 10) −0.18 (100…199 +0.36), 981 (first 100
  // × 2) −1.40 (× 10 +0.24); 996 (0…99 and 100…199 × 10) +1.39 each, 994 (first 100 × 10) +0.87, 7 +0.98, 991 +0.05.
  ownBaselineLoss: false,
  // Off (measured, DISP-72, DISP-73): family 991 (60 × 5) −0.85 and −0.18, 7 (60 × 2) −1.07 and −0.39, 997 (× 2)
  // +3.21 and −0.10, 998 (× 2) −0.07 and −1.17, 996 (0…99 × 2) −1.19 and +0.77, 981 (first 100 × 2) −2.07 and −0.77.
  onwardLoad: false,
  // Off (measured, DISP-118): twelve dev families (60 x 4) -0.35, up on 5, down on 5; held-out 1020-140 0.887 -> 1.182.
  onwardLoadLone: false,
  // Off (measured, DISP-119): twelve dev families (60 x 4) `swap` -0.44 (up 5, down 4), `stake` -0.51 (5 / 4), `queue`
  // -0.08 (0 / 1); held-out 1020-140 0.887 -> 1.182, 1.182, 1.169 (best baseline 1.143).
  onwardLoadNarrow: 'off',
  // Off (measured, DISP-121 at 1): twelve dev families (60 x 4) -5.55 critical survivors (down on 10), -7.84 all, vehicles
  // lost -16.0 of 497.75; held-out 1021-9 3.354 -> 3.351 (careful 3.509). The simulator draws at the declared rates.
  lossEvidence: 0,
  lossEvidenceExposure: true,
  onwardIfKept: false,
  sequenceKeepsLegs: true,
  smallFleetDiverts: 2,
  // Off (measured, DISP-80): families' small fleets under threats and the examples gain (999 +1.16 critical survivors,
  // mining-town-drones +0.11), but clairvoyant dev `threat1` 10043 −0.49 and `threat` 10100 −0.13 (10085 +0.30).
  smallFleetRiskFromHere: false,
  // On since session 28 (DISP-110): families 200 x 4 +3.40 critical survivors over six, none below -0.07; clairvoyant
  // threat1 +0.007 mean (10549 0.397 -> 0.877, 10516 0.850 -> 0.581), threat level; held out: family 1013 (200 x 10)
  // level (+0.01), clairvoyant threat1 10557-10596 0.897 -> 0.915 (10583 0.286 -> 0.995).
  loneRiskFromHere: true,
  // Off (measured, DISP-76): 1000-21 1.031 -> 1.194, but 997 (small fleets, 100 x 5) 133.85 -> 133.55; net -0.14.
  bedFrees: 'off',
  // Off (measured, DISP-77): critical survivors on the scenarios with a vehicle window, first 100 × 5: 999 −0.01, 1000
  // −0.23, 997 −0.05, 1001 −0.33, 998 +0.46; 1001-182 (100 seeds) +0.07.
  windowSpent: false,
  oneTripWorth: false,
  // Off (measured, DISP-82): one-vehicle threat scenarios (whole families × 5) 999 −0.05, 1000 +0.36, 1001 +0.14, 1002
  // +0.69 critical survivors; 2–6 vehicles (first 100 × 3) 0, −0.23, −0.08, +0.05; clairvoyant threat1 mean +0.006 but
  // below 0.85 17 → 19; it holds the one vehicle until the last report where DISP-28/21/35's tests need it sent.
  loneMinThrough: 0,
  // Off (measured, DISP-85 at 0.5 / DISP-84 at 0.5; critical survivors, 100 × 4): family 1003 −4.69 / −1.06, 1002
  // −4.73 / −1.27, 7 (60 × 4) −0.67 / +0.05; 1003-29 (10 seeds) +0.15 either way.
  sunkLegShare: 0,
  sunkLegLater: false,
  // On (measured, DISP-86): clairvoyant dev `one` 10032–10152 mean 0.947 → 0.953, 7 up, none down; generated dev
  // families 200 × 4, critical survivors: 7 +2.80, 1002 +0.24, 1001 +1.08, 1003 −0.18.
  ownLegGrown: true,
  chainOwnLeg: 'critical',
  chainTime: 0,
  chainMargin: 0,
  // `small` (measured, DISP-88): clairvoyant dev threat1 10129 0.700 -> 0.998, nothing else moves; critical survivors
  // (60 x 4) 7 +1.09, 1002 +0.12, 1004 +0.03; `all` lost 1002 -0.25 and river-crossing-waves -0.33.
  addMoreToLeg: 'small',
  // Off (measured, DISP-91 `replans`): critical survivors 1005 (200 x 4) -0.26 (1005-100 +0.45; 1005-78 -0.23, 1005-51
  // -0.17), 1004 (60 x 4) +0.32, 1002 +0.15, 7 +0.45; `all` 1002 -3.07, 1005 (60 x 4) -0.79.
  smallFleetCriticalFirst: 'off',
  // Off (measured, DISP-96 at 0.1; critical survivors, 200 × 4 / 60 × 4): 1007 +0.37, 1006 0, 7 −0.02, 1002 −0.07;
  // held: 1007 +0.38, 1006 +0.18, 7 −0.09, 1002 −0.33. Minor re-plan not within 30 min: 1007 −0.24, 1006 +0.05.
  sequenceLowGain: 0,
  sequenceLowGainMin: 60,
  sequenceLowGainHolds: false,
  sequenceLowGainToCome: 0,
  minorDivertNearMin: 0,
  // On since session 23 (DISP-95, measured: critical survivors 7 +5.79, 1002 +4.35, 1004 +1.10, 1005 +5.33 (60 x 4),
  // 1006 +12.94 (200 x 4); the examples +2.0 %; clairvoyant dev mean 0.940 -> 0.946, below 0.85 35 -> 30).
  addAboard: 'clocks',
  // On (DISP-97, measured: clairvoyant dev threat1 (159) mean 0.925 -> 0.928, below 0.85 31 -> 30, 10282 0.558 ->
  // 0.999; threat (65) +0.0001; critical survivors 7, 1002 (60 x 4), 1006, 1008 (100 x 4): no scenario moves).
  waypoints: 'aboard',
  // `floor` (DISP-99): the live value of a stop with no bed onward, 0 → the untreated limit (SIM-7); no dev family
  // (7, 1002, 1006, 1008, 60 × 4) nor example (40 seeds) moves. `beds` measured, not adopted: 7 −0.24, 1002 +0.94,
  // 1006 −0.87, 1008 −0.22 critical survivors (the field's wait for the same bed, then straight, is not priced).
  stopFloor: 'floor',
  // DISP-100: critical survivors 7 +0.71, 1002 +0.14, 1006 +0.25, 1008 +0.26 (200 × 4); the examples and the
  // clairvoyant dev instances do not move; all survivors 7 −0.36, 1002 +2.09, 1006 −0.70, 1008 −0.76.
  slotFresh: true,
  sequenceTriples: 0,
  sequenceTriplesAnyRides: false,
  sequenceTriplesMaxVehicles: 3,
  enRouteAlternative: 'off',
  swapLegs: false,
  // Off (measured, DISP-106; only with swapLegs): both on, the examples and 1008 do not move (DISP-105's gains there
  // gone with its losses), 1010 +0.13, 1011 -0.11, 7 -1.00 critical survivors (60 x 4).
  swapPriced: false,
  swapCritical: false,
  // DISP-116 (on since session 35): DISP-104's exact plan for a lone vehicle, in critical survivors (DISP-107 (b) at
  // 0.1) with the vehicle's later worth falling by the time it is kept away (DISP-115). Critical yardstick, fresh
  // clairvoyant 10757-10796: below 0.85 32 -> 21; twelve dev families (60 x 4) -0.35 critical survivors (+5.34 all);
  // held-out 1019 +0.6, scenarios below a baseline 2 -> 1; 1020 +0.3, 1 -> 2; clairvoyant 10797-10836 (critical) mean
  // 0.898 -> 0.923, below 0.85 37 -> 27. The all-survivors yardstick falls (below 0.85 22 -> 25; 10797-10836 28 -> 29).
  exactLone: true,
  exactLoneMax: 12,
  exactLoneBudget: 5000,
  exactLoneWorth: 1,
  delayedZones: 'off',
  exactLoneNoZones: false,
  exactLoneMinorWeight: 0.1,
  exactLoneGuard: -1,
  exactLoneWorthFalls: true,
  // Off (measured, DISP-117): twelve dev families (60 x 4) -0.44 critical survivors, down on 7, up on 4.
  exactLoneNoHold: false,
  exactLoneReportedShare: false,
  // Off (measured, DISP-131): twelve dev families (60 x 4) +0.53 critical survivors, 7 -0.31 (7-10), 1015 +0.81.
  exactLoneOpenThrough: false,
  // Off (measured in part, DISP-109): `diverts` critical survivors (60 × 4) 7 +0.50, 1011 +0.31 (1011-32 +0.29), 1002
  // −0.00, 1008 0, 1010 −0.08, 1012 −0.20 (1012-7); 1011-32 (10 seeds) 0.59 → 1.17; `insertions` 1012-175 2.23 → 2.64,
  // 7 −0.59 (7-58, 7-0), 1012 −0.09, 1002 +0.06, 1008 +0.27, 1010 +0.83, 1011 +0.10; examples, clairvoyant, 200 × 4 not run.
  criticalTrade: 'off',
  // Off (measured, DISP-111): 1014-35 (10 seeds) 0.399 -> 0.611 in both modes; critical survivors (60 x 4) `view` 1002
  // -1.30 (1002-40, 1002-7), 7 +0.06, 1008 +0.64, 1010 +0.63, 1011 +1.57, 1012 -0.17, 1013 -0.14, 1014 +0.32; `gates`
  // 1002 -0.67 (1002-7), 7 -0.21, 1008 +0.56, 1010 -0.22, 1011 +0.39, 1012 -0.45, 1013 -0.23, 1014 +0.36; examples level.
  reachableFleet: 'off',
  // Measured (DISP-112): 1016-0 (10 seeds) 0.529 -> 0.660 `skip`, 0.843 `wait`; critical survivors (60 x 4) `skip`
  // 1002 +0.77, 1011 +0.19, 1012 -0.24, 1013 -0.19, 1015 -0.11; `wait` 1002 +0.27, 1011 -0.23, 1013 -0.17; 7, 1008,
  // 1010, 1014 within 0.06. `wait` at 200 x 4: 7 +0.36, 1002 +0.48, 1008 -0.03, 1010 +0.20, 1011 -0.02, 1012 +0.04,
  // 1013 -0.10; examples unchanged. On (`wait`): a fault of the value (the simulator refuses what DISP-7 counted), lifting
  // 1016-0 above every baseline on every seed; the CPU bench's views have no windows.
  onwardOpen: 'wait',
  // Measured, off (DISP-113): its row in docs/dispatch.md.
  classFreeNearest: 'off',
  // Off (measured, DISP-130): clairvoyant critical dev 10798–10837 two instances move (0.923 → 0.924), fresh
  // 10837–10876 none; the dev families not all run.
  exactLoneWaypoints: false,
  // `opening` (DISP-132): twelve dev families (60 x 4) +0.67 critical survivors (1010 +0.79), none below -0.09; `both`
  // +0.09 (1013 -0.55, 1012 -0.21).
  onwardAtDeparture: 'opening',
  // On (DISP-133): twelve dev families (60 x 4) +0.63 critical survivors (1015 +0.74), none below -0.05.
  exactLoneMinorBound: true,
  // Off (measured, DISP-134): twelve dev families (60 x 4) -0.23 critical survivors (1002 -0.27).
  exactLoneFloorAfterThreats: false,
  // Off (measured, DISP-135): -0.36 (1011 -0.79, 7 -0.38, 1002 -0.38; 1012 +0.56, 1013 +0.42).
  onwardOnDuty: false,
  // On (DISP-146, session 44): twelve dev families (60 x 4) +20.15 critical survivors, every family up beyond the seeds'
  // half-width (+1.17 to +2.56), all survivors +17.42, vehicles lost level.
  unloadUrgentFirst: true,
  // On (DISP-150, session 46): twelve dev families (60 x 10) +6.86 critical survivors, up on 9 (1002 -1.01, of which
  // 1002-34 -0.92; 1014 -0.41, 1011 -0.15); held-out 1034 (200 x 10) +4.03, 1033 +1.45; examples level but
  // short-staffed-surgery -0.05 a seed. `all`: 60 x 4 +3.68, 1011 -1.60, 1014 -1.27.
  addOwnPlaces: 'elsewhere',
  ...MEASURED_OFF_42,
  ...MEASURED_OFF_44,
  ...MEASURED_OFF_45,
  ...MEASURED_OFF_46,
};
