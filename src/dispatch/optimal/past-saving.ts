// DISP-40: a casualty past saving does not sponsor a risky trip's minor ones.
//
// DISP-26 lets minor casualties ride on a trip too risky for them alone when its critical casualties take the same risk
// by themselves. On generated 991-44 and 991-32 (one ambulance, every casualty beyond a zone) the critical casualty
// that let such a trip go was RPM 4, reached when its deterioration had settled: nothing left for care to add, so the
// trip was in fact one for minor casualties (RPM 10–12) that lost the only vehicle more often than not, before the
// RPM-8 casualties reported later could be fetched.
import { survivalLimit } from '../survival.ts';
import type { PlanCasualty } from '../types.ts';
import type { Ctx } from './context-types.ts';

/** Survival care must still add, where the trip brings a critical casualty, for it to take a trip's risk for others. */
export const SPONSOR_MIN_GAIN = 0.01;

/** Whether a critical casualty brought to care with survival `sCare` there still has something for care to add. */
export const savable = (ctx: Ctx, c: PlanCasualty, sCare: number): boolean => sCare - survivalLimit(c.rpm0, ctx.model) >= SPONSOR_MIN_GAIN;
