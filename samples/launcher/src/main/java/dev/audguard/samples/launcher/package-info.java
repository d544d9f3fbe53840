/**
 * The process plumbing the sample services share and that is not audguard: their command line, the
 * one line that says where they listen (the demo waits for it), and a Jetty connector bound before the
 * security filter is built. How each sample wires audguard stays in the sample.
 */
package dev.audguard.samples.launcher;
