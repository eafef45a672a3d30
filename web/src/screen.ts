// What every screen is, apart from the shell that mounts it, so that screens never import the shell (no cycle).

/** Draw into root; `params` are the route's path segments after the first. Returns the screen's clean-up, if any. */
export type Screen = (root: HTMLElement, params: string[]) => (() => void) | undefined;
