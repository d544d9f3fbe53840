/** Implementation of sender binding; not API, may change in any release. */
package dev.audguard.core.binding.internal;
