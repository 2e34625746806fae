/**
 * Test helpers for the Chorus modules' own tests: {@link io.chorus.testkit.ModuleShape} and
 * {@link io.chorus.testkit.Dnsmasq}. Not an API for users.
 */
package io.chorus.testkit;
