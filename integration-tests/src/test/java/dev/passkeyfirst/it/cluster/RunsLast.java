package dev.passkeyfirst.it.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that leaves the cluster changed in a way that is expensive to undo (a node
 * rebuilt without our jars). {@link ClusterClassOrder} runs such classes after all others, so the
 * restore ({@link Cluster#ensureStandard()}, a rebuild and restart) is paid only when a later class
 * needs it, which in a normal run is never.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface RunsLast {
}
