// What the app shell shares with the layout: whether a call is under way (a code shown or scanned, or
// connected). The update prompt waits for it to end, because reloading into a new version would drop it.
export const callStatus = $state({ active: false });
