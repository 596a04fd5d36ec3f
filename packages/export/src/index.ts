/**
 * @ring/export — CSV/JSON/JSONL writers and readers for ring outputs: atomic writes, streaming, read-back with header validation.
 * @packageDocumentation
 */
export {};
