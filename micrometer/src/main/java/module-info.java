/**
 * Micrometer metrics for a Chorus cluster: {@link io.chorus.micrometer.ChorusMetrics} binds a
 * {@link io.chorus.api.Cluster}'s counters to any Micrometer registry (Prometheus, and whatever Spring
 * Boot, Micronaut or Quarkus configure). Depends on the api and {@code micrometer-core} only: the engine
 * never sees Micrometer. No options.
 *
 * <p>{@code micrometer-core} is an automatic module ({@code micrometer.core}); it is required
 * transitively because {@code ChorusMetrics}'s signatures use its types.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.chorus.micrometer {
    requires transitive io.chorus.api;
    requires transitive micrometer.core;

    exports io.chorus.micrometer;
}
