package dev.threadguard.index;

import com.github.javaparser.JavaParser;
import dev.threadguard.facts.FactExtractor;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.TypeName;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.source.JavaSources;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgramIndexTest {

    private static FileFacts facts(String path, String code) {
        JavaParser parser = new JavaParser(JavaSources.configuration(JavaSources.NEWEST));
        return FactExtractor.extract(path, parser.parse(code).getResult().orElseThrow(), code);
    }

    @Test
    void resolvesThroughImportsSamePackageNestedTypesAndTheJdk() {
        FileFacts a = facts("p/A.java", """
                package p;
                import java.util.concurrent.*;
                import java.util.Map;
                public class A {
                    static class Inner implements Callable<String> { public String call() { return ""; } }
                }
                """);
        FileFacts b = facts("p/B.java", """
                package p;
                class B extends A {}
                """);
        try (ProgramIndex index = new ProgramIndex(List.of(a, b), List.of())) {
            assertThat(index.resolve(TypeName.of("ExecutorService"), a, "p.A")).map(ProgramIndex.JavaType::name)
                    .contains("java.util.concurrent.ExecutorService");
            assertThat(index.resolve(TypeName.of("Map.Entry"), a, "p.A")).map(ProgramIndex.JavaType::name)
                    .contains("java.util.Map.Entry");
            assertThat(index.resolve(TypeName.of("Inner"), b, "p.B")).map(ProgramIndex.JavaType::name)
                    .contains("p.A.Inner");
            assertThat(index.resolve(TypeName.of("String"), b, "p.B")).map(ProgramIndex.JavaType::name)
                    .contains("java.lang.String");
            assertThat(index.resolve(TypeName.of("NoSuchType"), b, "p.B")).isEmpty();
            ProgramIndex.JavaType inner = index.type("p.A.Inner").orElseThrow();
            assertThat(index.isSubtype(inner, "java.util.concurrent.Callable")).isEqualTo(Tri.YES);
            assertThat(index.isSubtype(inner, "java.util.concurrent.Future")).isEqualTo(Tri.NO);
        }
    }

    @Test
    void unresolvableSupertypesMakeSubtypeAnswersUnknown() {
        FileFacts a = facts("q/A.java", """
                package q;
                import org.vendor.Base;
                class A extends Base {}
                """);
        try (ProgramIndex index = new ProgramIndex(List.of(a), List.of())) {
            ProgramIndex.JavaType t = index.type("q.A").orElseThrow();
            assertThat(index.isSubtype(t, "java.util.concurrent.Executor")).isEqualTo(Tri.UNKNOWN);
            assertThat(index.hierarchyComplete(t)).isFalse();
        }
    }

    @Test
    void callReturnTypesFollowChainsAcrossSourceAndJdk() {
        FileFacts a = facts("r/Pools.java", """
                package r;
                import java.util.concurrent.*;
                class Pools {
                    private final ExecutorService main = Executors.newFixedThreadPool(2);
                    ExecutorService main() { return main; }
                }
                """);
        try (ProgramIndex index = new ProgramIndex(List.of(a), List.of())) {
            ValueRef.Call submit = new ValueRef.Call(new ValueRef.Call(null, "main", 0), "submit", 1);
            assertThat(index.typeOf(submit, a, "r.Pools")).map(ProgramIndex.JavaType::name)
                    .contains("java.util.concurrent.Future");
            ValueRef.Call factory = new ValueRef.Call(new ValueRef.Name("Executors"), "newSingleThreadScheduledExecutor", 0);
            assertThat(index.typeOf(factory, a, "r.Pools")).map(ProgramIndex.JavaType::name)
                    .contains("java.util.concurrent.ScheduledExecutorService");
            ValueRef field = new ValueRef.Field(new ValueRef.This(null), "main");
            assertThat(index.typeOf(field, a, "r.Pools")).map(ProgramIndex.JavaType::name)
                    .contains("java.util.concurrent.ExecutorService");
        }
    }

    @Test
    void classPathJarsAreReadLazily(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // A jar holding one compiled type, written with the JDK's own compiler output of a JDK class.
        Path jar = dir.resolve("lib.jar");
        try (var out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(jar));
             var in = java.util.concurrent.FutureTask.class.getResourceAsStream("FutureTask.class")) {
            out.putNextEntry(new java.util.zip.ZipEntry("org/lib/FutureTask.class"));
            out.write(in.readAllBytes());
        }
        FileFacts a = facts("s/A.java", "package s; class A {}");
        try (ProgramIndex index = new ProgramIndex(List.of(a), List.of(jar))) {
            // The entry name and the class name inside differ; the reader trusts the class file's own name.
            assertThat(index.type("org.lib.FutureTask")).map(ProgramIndex.JavaType::name)
                    .contains("java.util.concurrent.FutureTask");
            assertThat(index.type("org.lib.Missing")).isEmpty();
        }
    }
}
