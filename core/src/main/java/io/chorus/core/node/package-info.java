/** The running node: the {@link io.chorus.api.Cluster} facade over the engine, on a real thread. Not exported. */
package io.chorus.core.node;
