/** Progress goes to stderr with a clock, results to stdout, so `npm run bench > file` keeps only the tables. */
export const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
export const print = (s: string) => console.log(s);
