/**
 * The demo: starts the reference issuer and the three sample services as processes on free
 * loopback ports and walks through the A -> B -> C flow, printing each hop. {@link
 * dev.audguard.samples.demo.DemoFlow} holds the steps; the demo's main class and the end-to-end
 * test both run them.
 */
package dev.audguard.samples.demo;
