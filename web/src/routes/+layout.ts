// The app is a client-rendered tool behind a bearer token (and overlays run in OBS): nothing is
// rendered on the server, which keeps the server to the API plus static files.
export const ssr = false;
export const prerender = false;
