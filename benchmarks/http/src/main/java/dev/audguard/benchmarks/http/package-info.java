/**
 * The end-to-end HTTP benchmark (issue 21 items 6 and 7): the servers wrk drives, the key server
 * that mints the token pool and serves the JWKS, and the cold-start driver. Run by
 * {@code benchmarks/http-bench.sh}, never by CI; the figures are in {@code docs/performance.md}.
 */
package dev.audguard.benchmarks.http;
