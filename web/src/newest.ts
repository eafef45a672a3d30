// Of the loads of one screen in flight, only the newest may show its answer. Loads overlap (the screen's own, a live
// wake-up, a reconnect, the user's action) and answers come back in any order: an older one landing last painted
// figures from before the change the user had just seen applied (the staff screen's totals, under load).

/** Returns `start`: call it as a load begins; the function it gives answers whether that load is still the newest. */
export function newest(): () => () => boolean {
  let n = 0;
  return () => {
    const mine = ++n;
    return () => mine === n;
  };
}
