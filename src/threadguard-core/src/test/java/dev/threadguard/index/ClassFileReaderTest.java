package dev.threadguard.index;

import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassFileReaderTest {

    private static ClassFileSummary read(Class<?> c) throws Exception {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return ClassFileReader.read(in.readAllBytes());
        }
    }

    @Test
    void readsSupertypesAndMethodSignaturesOfJdkClasses() throws Exception {
        ClassFileSummary s = read(java.util.concurrent.ScheduledThreadPoolExecutor.class);
        assertThat(s.name()).isEqualTo("java.util.concurrent.ScheduledThreadPoolExecutor");
        assertThat(s.superName()).isEqualTo("java.util.concurrent.ThreadPoolExecutor");
        assertThat(s.interfaces()).containsExactly("java.util.concurrent.ScheduledExecutorService");
        ClassFileSummary.Member schedule = s.methods().stream()
                .filter(m -> m.name().equals("scheduleAtFixedRate")).findFirst().orElseThrow();
        assertThat(schedule.parameterCount()).isEqualTo(4);
        assertThat(schedule.typeName()).isEqualTo("java.util.concurrent.ScheduledFuture");
    }

    @Test
    void typeVariableReturnsAreRecognised() throws Exception {
        ClassFileSummary s = read(java.util.Map.class);
        ClassFileSummary.Member get = s.methods().stream().filter(m -> m.name().equals("get")).findFirst().orElseThrow();
        assertThat(get.typeIsVariable()).isTrue();
        ClassFileSummary.Member size = s.methods().stream().filter(m -> m.name().equals("size")).findFirst().orElseThrow();
        assertThat(size.typeName()).isNull();
        ClassFileSummary.Member of = s.methods().stream()
                .filter(m -> m.name().equals("ofEntries")).findFirst().orElseThrow();
        assertThat(of.isVarargs()).isTrue();
        assertThat(of.parameterCount()).isEqualTo(1);
    }

    @Test
    void declaredExceptionsAreRead() throws Exception {
        ClassFileSummary s = read(java.util.concurrent.BlockingQueue.class);
        ClassFileSummary.Member take = s.methods().stream().filter(m -> m.name().equals("take")).findFirst().orElseThrow();
        assertThat(take.exceptions()).containsExactly("java.lang.InterruptedException");
        ClassFileSummary.Member add = s.methods().stream().filter(m -> m.name().equals("add")).findFirst().orElseThrow();
        assertThat(add.exceptions()).isEmpty();
    }

    @Test
    void nestedClassesKeepTheirDollar() throws Exception {
        assertThat(read(java.util.Map.Entry.class).name()).isEqualTo("java.util.Map$Entry");
    }

    @Test
    void rejectsBytesThatAreNotAClassFile() {
        assertThatThrownBy(() -> ClassFileReader.read(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
