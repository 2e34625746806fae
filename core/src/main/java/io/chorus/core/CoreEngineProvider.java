package io.chorus.core;

import io.chorus.api.ApiVersion;
import io.chorus.api.Cluster;
import io.chorus.api.Option;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineProvider;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.Provider;
import io.chorus.core.assembly.Assembly;
import io.chorus.core.fd.HeartbeatFailureDetectorProvider;
import io.chorus.core.fd.PhiAccrualFailureDetectorProvider;
import io.chorus.core.fd.SwimFailureDetectorProvider;
import io.chorus.core.node.ChorusNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine provider {@link io.chorus.api.Chorus} finds: assembles the node's providers and
 * builds a {@link io.chorus.core.node.ChorusNode}. With auto-discovery off and no failure detector
 * registered, core's own detectors ({@code swim}, {@code phi-accrual}, {@code heartbeat}) are still
 * available: they are part of the engine, not a plugin the user must find.
 */
public final class CoreEngineProvider implements EngineProvider {
    /** Public no-arg constructor for ServiceLoader; does nothing. */
    public CoreEngineProvider() {
    }

    @Override
    public String id() {
        return "core";
    }

    /**
     * @return the options a node reads itself: {@code messaging.*}, {@code compression.*} and
     *     {@code ring.*} (the failure detectors declare their own)
     */
    @Override
    public List<Option<?>> options() {
        return ChorusNode.OPTIONS;
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public Cluster create(EngineContext context) {
        List<Provider> all = new ArrayList<>(context.providers());
        boolean detectorGiven = all.stream().anyMatch(p -> p instanceof FailureDetectorProvider);
        if (!context.autoDiscovery() && !detectorGiven) {
            all.add(new SwimFailureDetectorProvider());
            all.add(new PhiAccrualFailureDetectorProvider());
            all.add(new HeartbeatFailureDetectorProvider());
        }
        all.add(this); // so that assembly checks the config's options against the engine's declarations too
        EngineContext ctx = context.toBuilder().providers(all).build();
        return new ChorusNode(ctx.config(), Assembly.assemble(ctx));
    }
}
