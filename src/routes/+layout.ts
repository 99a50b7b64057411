// Tidal runs entirely in the browser: health data never reaches a server.
export const ssr = false;
export const prerender = false;
