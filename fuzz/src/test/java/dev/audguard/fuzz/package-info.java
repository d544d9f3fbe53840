/**
 * Jazzer fuzz targets for every parser that takes outside input, their reference checks and
 * shared harness ({@link dev.audguard.fuzz.Budget}, {@link dev.audguard.fuzz.Inputs},
 * {@link dev.audguard.fuzz.LoopbackServer}), and one plain regression test per finding
 * ({@link dev.audguard.fuzz.FindingsTest}). Test code only; see the module README.
 */
package dev.audguard.fuzz;
