// Client-only: WebRTC, the camera and the URL fragment exist only in the browser.
export const ssr = false;
export const prerender = false;
