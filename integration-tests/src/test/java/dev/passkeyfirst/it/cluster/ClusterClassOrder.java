package dev.passkeyfirst.it.cluster;

import java.util.Comparator;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * JUnit's default class order, with classes marked {@link RunsLast} moved to the end (a stable sort:
 * everything else keeps its place). Configured in {@code junit-platform.properties}.
 */
public final class ClusterClassOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor d) -> d.isAnnotated(RunsLast.class)));
    }
}
