/**
 * For users who watch a cluster with Micrometer: {@link io.chorus.micrometer.ChorusMetrics}, a
 * {@code MeterBinder} for a {@link io.chorus.api.Cluster}.
 */
package io.chorus.micrometer;
