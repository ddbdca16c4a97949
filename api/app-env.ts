/** Per-request values routes share with middleware (the metrics label the search mode). */
export type AppEnv = { Variables: { searchMode: string } };
