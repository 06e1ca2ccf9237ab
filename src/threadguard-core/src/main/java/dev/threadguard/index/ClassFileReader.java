package dev.threadguard.index;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the few parts of a class file the index needs, without loading or initialising the class. It
 * reads the constant pool by tag, so it accepts class files of any version, newer JDKs included.
 */
final class ClassFileReader {

    private ClassFileReader() {
    }

    /** Reads a class file; throws {@link IllegalArgumentException} when the bytes are not one. */
    static ClassFileSummary read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        in.getShort();
        in.getShort();
        int count = in.getShort() & 0xFFFF;
        Object[] pool = new Object[count];
        int[] classIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.get() & 0xFF;
            switch (tag) {
                case 1 -> {
                    int len = in.getShort() & 0xFFFF;
                    pool[i] = modifiedUtf8(bytes, in.position(), len);
                    in.position(in.position() + len);
                }
                case 7 -> classIndex[i] = in.getShort() & 0xFFFF;
                case 8, 16, 19, 20 -> in.getShort();
                case 3, 4 -> in.getInt();
                case 5, 6 -> {
                    in.getLong();
                    i++;
                }
                case 9, 10, 11, 12, 17, 18 -> in.getInt();
                case 15 -> {
                    in.get();
                    in.getShort();
                }
                default -> throw new IllegalArgumentException("bad constant pool tag " + tag);
            }
        }
        in.getShort();
        String name = className(pool, classIndex, in.getShort() & 0xFFFF);
        int superIndex = in.getShort() & 0xFFFF;
        String superName = superIndex == 0 ? null : className(pool, classIndex, superIndex);
        int interfaceCount = in.getShort() & 0xFFFF;
        List<String> interfaces = new ArrayList<>(interfaceCount);
        for (int i = 0; i < interfaceCount; i++) {
            interfaces.add(className(pool, classIndex, in.getShort() & 0xFFFF));
        }
        List<ClassFileSummary.Member> fields = members(in, pool, classIndex);
        List<ClassFileSummary.Member> methods = members(in, pool, classIndex);
        List<String> typeParameters = List.of();
        int attributes = in.getShort() & 0xFFFF;
        for (int a = 0; a < attributes; a++) {
            String attribute = (String) pool[in.getShort() & 0xFFFF];
            int length = in.getInt();
            int end = in.position() + length;
            if ("Signature".equals(attribute)) {
                typeParameters = typeParameters((String) pool[in.getShort() & 0xFFFF]);
            }
            in.position(end);
        }
        return new ClassFileSummary(name, superName, List.copyOf(interfaces), methods, fields, typeParameters);
    }

    /** The names declared by a generic signature's {@code <K:...;V:...;>} prefix. */
    static List<String> typeParameters(String signature) {
        if (signature == null || signature.isEmpty() || signature.charAt(0) != '<') {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        int i = 1;
        while (i < signature.length() && signature.charAt(i) != '>') {
            int colon = signature.indexOf(':', i);
            names.add(signature.substring(i, colon));
            i = colon;
            // One class bound (possibly empty) and any number of interface bounds, each after a colon.
            while (i < signature.length() && signature.charAt(i) == ':') {
                i++;
                if (signature.charAt(i) != ':' && signature.charAt(i) != '>') {
                    i = skipType(signature, i);
                }
            }
        }
        return List.copyOf(names);
    }

    /** The index just past the type signature that starts at {@code i}. */
    private static int skipType(String s, int i) {
        char c = s.charAt(i);
        if (c == '[') {
            return skipType(s, i + 1);
        }
        if (c != 'L' && c != 'T') {
            return i + 1;
        }
        int depth = 0;
        while (true) {
            char x = s.charAt(i++);
            if (x == '<') {
                depth++;
            } else if (x == '>') {
                depth--;
            } else if (x == ';' && depth == 0) {
                return i;
            }
        }
    }

    private static List<ClassFileSummary.Member> members(ByteBuffer in, Object[] pool, int[] classIndex) {
        int count = in.getShort() & 0xFFFF;
        List<ClassFileSummary.Member> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int access = in.getShort() & 0xFFFF;
            String name = (String) pool[in.getShort() & 0xFFFF];
            String descriptor = (String) pool[in.getShort() & 0xFFFF];
            String signature = null;
            List<String> exceptions = List.of();
            int attributes = in.getShort() & 0xFFFF;
            for (int a = 0; a < attributes; a++) {
                String attribute = (String) pool[in.getShort() & 0xFFFF];
                int length = in.getInt();
                int end = in.position() + length;
                if ("Signature".equals(attribute)) {
                    signature = (String) pool[in.getShort() & 0xFFFF];
                } else if ("Exceptions".equals(attribute)) {
                    int thrownCount = in.getShort() & 0xFFFF;
                    List<String> thrown = new ArrayList<>(thrownCount);
                    for (int e = 0; e < thrownCount; e++) {
                        thrown.add(className(pool, classIndex, in.getShort() & 0xFFFF));
                    }
                    exceptions = List.copyOf(thrown);
                }
                in.position(end);
            }
            out.add(new ClassFileSummary.Member(name, descriptor, signature, access, exceptions));
        }
        return List.copyOf(out);
    }

    private static String className(Object[] pool, int[] classIndex, int index) {
        return ((String) pool[classIndex[index]]).replace('/', '.');
    }

    private static String modifiedUtf8(byte[] b, int offset, int length) {
        char[] out = new char[length];
        int n = 0;
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int c = b[i++] & 0xFF;
            if (c < 0x80) {
                out[n++] = (char) c;
            } else if ((c & 0xE0) == 0xC0) {
                out[n++] = (char) (((c & 0x1F) << 6) | (b[i++] & 0x3F));
            } else {
                out[n++] = (char) (((c & 0x0F) << 12) | ((b[i++] & 0x3F) << 6) | (b[i++] & 0x3F));
            }
        }
        return new String(out, 0, n);
    }
}
