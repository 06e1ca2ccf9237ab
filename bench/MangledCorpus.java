import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Writes a corpus of N files to test that no single file can stop, hang or starve a run: real sources taken
 * from a tree (a JDK's src.zip unpacked), most unchanged, one in five mangled, and a few pathological files.
 * Deterministic for a given seed. Usage:
 *
 * <pre>
 * java bench/MangledCorpus.java SOURCE-TREE OUT-DIR [N=10000] [SEED=17]
 * </pre>
 *
 * Mangled files are truncated at a random byte, have random bytes overwritten (NUL, invalid UTF-8, control
 * characters), are empty, start with two byte-order marks, or have a control character or a line break in
 * their name. The pathological ones: lambda bodies, anonymous classes and array initializers nested in call
 * arguments, brackets and type arguments nested thousands deep, an array initializer of a million elements,
 * a file above the size limit.
 */
public final class MangledCorpus {

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Random random = new Random(args.length > 3 ? Long.parseLong(args[3]) : 17);
        List<Path> real;
        try (Stream<Path> files = Files.walk(source)) {
            real = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        if (real.isEmpty()) {
            throw new IllegalArgumentException("no .java files under " + source);
        }
        Files.createDirectories(out);
        List<String> pathological = new ArrayList<>();
        for (int depth : new int[] {16, 24, 40, 200}) {
            pathological.add(nested("e.submit(() -> {\n", "});\n", depth));
            pathological.add(nested("new Thread(new Runnable() { public void run() {\n", "}});\n", depth));
            pathological.add(nested("g(new Object[] {", "});\n", depth));
        }
        pathological.add(expression("(", ")", 5000));
        pathological.add(expression("new Object[] {", "}", 5000));
        pathological.add("class G { java.util.List" + "<java.util.List".repeat(3000) + ">".repeat(3000) + " x; }\n");
        pathological.add(statements("{", "}", 20000));
        StringBuilder huge = new StringBuilder("class Huge { int[] a = {");
        for (int i = 0; i < 1_000_000; i++) {
            huge.append(i % 10).append(',');
        }
        pathological.add(huge.append("}; }\n").toString());
        pathological.add("class Big { /*" + "x".repeat(6 << 20) + "*/ }\n");
        int written = 0;
        for (String text : pathological) {
            Files.writeString(out.resolve("Pathological" + written++ + ".java"), text);
        }
        for (int i = written; i < n; i++) {
            Path from = real.get(random.nextInt(real.size()));
            byte[] bytes = Files.readAllBytes(from);
            String name = "F" + i + "_" + from.getFileName();
            int kind = random.nextInt(25);
            switch (kind) {
                case 0 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                case 1 -> {
                    for (int k = 0; k < 1 + random.nextInt(8); k++) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> bytes = new byte[0];
                case 3 -> bytes = concat("\uFEFF\uFEFF".getBytes(StandardCharsets.UTF_8), bytes);
                case 4 -> name = "F" + i + "\u001b[2J\n" + from.getFileName();
                default -> {
                    // unchanged
                }
            }
            Path dir = out.resolve("d" + (i % 100));
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), bytes);
        }
        System.out.println("wrote " + n + " files into " + out);
    }

    private static String nested(String open, String close, int depth) {
        return "class N { void f(java.util.concurrent.ExecutorService e) {\n" + open.repeat(depth) + "int x = 1;\n"
                + close.repeat(depth) + "}}\n";
    }

    private static String expression(String open, String close, int depth) {
        return "class X { Object o = " + open.repeat(depth) + "1" + close.repeat(depth) + "; }\n";
    }

    private static String statements(String open, String close, int depth) {
        return "class B { void f() {" + open.repeat(depth) + close.repeat(depth) + "} }\n";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
