/**
 * Actuator health and Micrometer meters of the validator, the key sources, the exchange client
 * and the sender-constraint stores, and their auto-configuration.
 */
package dev.audguard.spring.actuate;
