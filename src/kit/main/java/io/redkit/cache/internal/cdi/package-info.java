/** Implementation of redkit; not API: may change in any release without notice. */
package io.redkit.cache.internal.cdi;
