// The size limit of a deck file, apart from deck-files.ts so that boot.cjs (first-reads.ts) can use it
// without bundling the deck resolver, which needs import.meta.url (not there in boot's bundle).

/** Larger than any real deck by far; yaml needs ~60x the file size in memory to parse. */
export const MAX_DECK_BYTES = 5 * 1024 * 1024;
