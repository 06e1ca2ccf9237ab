// A generated source with a bug, where annotation processors write theirs: the compiler plugin adds this
// directory to the compile source roots, and threadguard leaves it out unless includeGeneratedSources is set.
def generated = new File(basedir, 'target/generated-sources/annotations/dev/it/clean/GeneratedCounter.java')
generated.parentFile.mkdirs()
generated.text = '''package dev.it.clean;

public class GeneratedCounter {
    private volatile int count;

    public void increment() {
        count++;
    }
}
'''
return true
