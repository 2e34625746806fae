package io.chorus.core.assembly;

import io.chorus.api.spi.Provider;
import java.util.ArrayList;
import java.util.List;

/** A {@link ProviderSource} over a fixed list: stands in for ServiceLoader, with made-up origins. */
final class ListSource implements ProviderSource {
    private final List<Found<?>> found;

    private ListSource(List<Found<?>> found) {
        this.found = List.copyOf(found);
    }

    /** @return a source that discovers nothing, though discovery is "on" */
    static ListSource empty() {
        return new ListSource(List.of());
    }

    /**
     * @param provider a provider
     * @param module the module it seems to come from
     * @return a source with this provider added
     */
    ListSource with(Provider provider, String module) {
        List<Found<?>> more = new ArrayList<>(found);
        more.add(new Found<>(provider, "module " + module));
        return new ListSource(more);
    }

    @Override
    public <P extends Provider> List<Found<P>> find(Class<P> kind) {
        List<Found<P>> out = new ArrayList<>();
        for (Found<?> f : found) {
            if (kind.isInstance(f.provider())) {
                out.add(new Found<>(kind.cast(f.provider()), f.origin()));
            }
        }
        return out;
    }
}
