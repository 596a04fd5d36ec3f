/**
 * @ring/metrics — Pure reducers from @ring/engine events to typed instrumentation rows and run summaries.
 * @packageDocumentation
 */
export {};
