package dev.threadguard.cache;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes and reads graphs of records (the facts of a file) in a compact binary form, driven by the records'
 * declared component types, read reflectively: strings, primitives and their boxes, enums, records, sealed
 * interfaces of records, arrays, {@code List}, {@code Set}, {@code Map} and {@code Optional}.
 *
 * <p>Why a writer of its own rather than Java serialization: the fact records change often, and this codec
 * needs nothing from them (no {@code Serializable}, no {@code serialVersionUID}); its {@link #schema()} is
 * derived from the same reflection that drives it, so any change to a record's components, an enum's
 * constants or a sealed interface's cases changes the schema and with it every cache key. It also keeps the
 * iteration order of sets and maps exactly (a deserialized {@code HashSet} need not iterate as the original
 * did), writes no class descriptors per entry, and turns one string, the file's own path, into a token, which
 * is what makes cache entries relocatable. A type it cannot handle (an {@code Object} component, a type
 * variable) makes {@link #of} fail, and the cache is then not used: it never stores what it cannot restore.
 */
final class RecordCodec {

    /** A component type the codec cannot write faithfully. */
    static final class UnsupportedTypeException extends Exception {
        UnsupportedTypeException(String message) {
            super(message);
        }
    }

    /** A byte sequence that is not a value of the expected shape: the entry is corrupt or foreign. */
    static final class CorruptException extends IOException {
        CorruptException(String message) {
            super(message);
        }
    }

    private final Map<Type, ValueCodec> codecs = new HashMap<>();
    private final Map<String, String> shapes = new TreeMap<>();
    private final Map<Class<?>, ValueCodec> roots = new HashMap<>();

    private RecordCodec() {
    }

    /** A codec for values of the given root record types and everything their components reach. */
    static RecordCodec of(Class<?>... rootTypes) throws UnsupportedTypeException {
        RecordCodec codec = new RecordCodec();
        for (Class<?> root : rootTypes) {
            codec.roots.put(root, codec.codecFor(root, root.getName()));
        }
        return codec;
    }

    /**
     * The shape of every type the codec writes, one line each, sorted: record components with their generic
     * types, enum constants, the cases of sealed interfaces.
     */
    String schema() {
        return String.join("\n", shapes.values());
    }

    /** Writes {@code value}, an instance of one of the root types, with {@code path} written as a token. */
    byte[] write(Class<?> rootType, Object value, String path) {
        Out out = new Out(path);
        try {
            roots.get(rootType).write(out, value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Reads a value of {@code rootType}, the path token read as {@code path}. */
    Object read(Class<?> rootType, byte[] bytes, int offset, int length, String path) throws CorruptException {
        In in = new In(bytes, offset, offset + length, path);
        Object value;
        try {
            value = roots.get(rootType).read(in);
        } catch (CorruptException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // A record's constructor refusing its arguments, a negative size: never trusted, never fatal.
            throw new CorruptException("unreadable: " + e);
        }
        if (in.pos != in.end) {
            throw new CorruptException(in.end - in.pos + " bytes left over");
        }
        return value;
    }

    private ValueCodec codecFor(Type type, String where) throws UnsupportedTypeException {
        ValueCodec known = codecs.get(type);
        if (known != null) {
            return known;
        }
        ValueCodec made = make(type, where);
        codecs.put(type, made);
        return made;
    }

    private ValueCodec make(Type type, String where) throws UnsupportedTypeException {
        if (type instanceof Class<?> c) {
            ValueCodec simple = simple(c);
            if (simple != null) {
                return simple;
            }
            if (c.isEnum()) {
                Object[] constants = c.getEnumConstants();
                shapes.put(c.getName(), "enum " + c.getName() + " " + Arrays.toString(constants));
                return new EnumCodec(constants);
            }
            if (c.isRecord()) {
                RecordShape shape = new RecordShape(c);
                codecs.put(c, shape); // before its components: records refer to themselves (TypeName)
                shape.resolve(this);
                return shape;
            }
            if (c.isSealed()) {
                Class<?>[] cases = c.getPermittedSubclasses().clone();
                Arrays.sort(cases, Comparator.comparing(Class::getName));
                SealedCodec sealed = new SealedCodec(cases);
                codecs.put(c, sealed);
                StringBuilder s = new StringBuilder("sealed " + c.getName() + " permits");
                for (int i = 0; i < cases.length; i++) {
                    s.append(' ').append(cases[i].getName());
                    sealed.cases[i] = codecFor(cases[i], c.getName());
                }
                shapes.put(c.getName(), s.toString());
                return sealed;
            }
            if (c.isArray()) {
                return new ArrayCodec(c.getComponentType(), codecFor(c.getComponentType(), where));
            }
            throw new UnsupportedTypeException("cannot store a " + c.getName() + " (in " + where + ")");
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class || raw == Collection.class) {
                return new ListCodec(codecFor(args[0], where));
            }
            if (raw == Set.class) {
                return new SetCodec(codecFor(args[0], where));
            }
            if (raw == Map.class) {
                return new MapCodec(codecFor(args[0], where), codecFor(args[1], where));
            }
            if (raw == Optional.class) {
                return new OptionalCodec(codecFor(args[0], where));
            }
        }
        if (type instanceof GenericArrayType) {
            throw new UnsupportedTypeException("cannot store a generic array " + type.getTypeName() + " (in " + where + ")");
        }
        throw new UnsupportedTypeException("cannot store a " + type.getTypeName() + " (in " + where + ")");
    }

    /** The codec of a string, a primitive or a boxed primitive (which may be null), or null for any other type. */
    private static ValueCodec simple(Class<?> c) {
        return SIMPLE.get(c);
    }

    // ---------------------------------------------------------------- value codecs

    private interface ValueCodec {
        void write(Out out, Object value) throws IOException;

        Object read(In in) throws IOException;
    }

    private static final ValueCodec STRING = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.string((String) value);
        }

        @Override
        public Object read(In in) throws IOException {
            return in.string();
        }
    };

    private static final ValueCodec INT = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.varlong(zigzag((Integer) value));
        }

        @Override
        public Object read(In in) throws IOException {
            return (int) unzigzag(in.varlong());
        }
    };

    private static final ValueCodec LONG = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.varlong(zigzag((Long) value));
        }

        @Override
        public Object read(In in) throws IOException {
            return unzigzag(in.varlong());
        }
    };

    private static final ValueCodec BOOLEAN = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.b((Boolean) value ? 1 : 0);
        }

        @Override
        public Object read(In in) throws IOException {
            int b = in.b();
            if (b > 1) {
                throw new CorruptException("boolean " + b);
            }
            return b == 1;
        }
    };

    private static final ValueCodec DOUBLE = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.fixed64(Double.doubleToRawLongBits((Double) value));
        }

        @Override
        public Object read(In in) throws IOException {
            return Double.longBitsToDouble(in.fixed64());
        }
    };

    private static final ValueCodec FLOAT = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.fixed64(Float.floatToRawIntBits((Float) value));
        }

        @Override
        public Object read(In in) throws IOException {
            return Float.intBitsToFloat((int) in.fixed64());
        }
    };

    private static final ValueCodec CHAR = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.varlong((Character) value);
        }

        @Override
        public Object read(In in) throws IOException {
            return (char) in.varlong();
        }
    };

    private static final ValueCodec SHORT = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.varlong(zigzag((Short) value));
        }

        @Override
        public Object read(In in) throws IOException {
            return (short) unzigzag(in.varlong());
        }
    };

    private static final ValueCodec BYTE = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.b((Byte) value);
        }

        @Override
        public Object read(In in) throws IOException {
            return (byte) in.b();
        }
    };

    /** Strings, primitives and boxed primitives; a box is its primitive behind a presence byte. */
    private static final Map<Class<?>, ValueCodec> SIMPLE = Map.ofEntries(
            Map.entry(String.class, STRING),
            Map.entry(int.class, INT), Map.entry(Integer.class, new Nullable(INT)),
            Map.entry(long.class, LONG), Map.entry(Long.class, new Nullable(LONG)),
            Map.entry(boolean.class, BOOLEAN), Map.entry(Boolean.class, new Nullable(BOOLEAN)),
            Map.entry(double.class, DOUBLE), Map.entry(Double.class, new Nullable(DOUBLE)),
            Map.entry(float.class, FLOAT), Map.entry(Float.class, new Nullable(FLOAT)),
            Map.entry(char.class, CHAR), Map.entry(Character.class, new Nullable(CHAR)),
            Map.entry(short.class, SHORT), Map.entry(Short.class, new Nullable(SHORT)),
            Map.entry(byte.class, BYTE), Map.entry(Byte.class, new Nullable(BYTE)));

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** A boxed primitive: a presence byte, then the value. */
    private record Nullable(ValueCodec value) implements ValueCodec {
        @Override
        public void write(Out out, Object v) throws IOException {
            out.b(v == null ? 0 : 1);
            if (v != null) {
                value.write(out, v);
            }
        }

        @Override
        public Object read(In in) throws IOException {
            return in.presence() ? value.read(in) : null;
        }
    }

    /** An enum constant by its ordinal plus one, 0 for null; the schema lists the constants in order. */
    private record EnumCodec(Object[] constants) implements ValueCodec {
        @Override
        public void write(Out out, Object value) {
            out.varlong(value == null ? 0 : ((Enum<?>) value).ordinal() + 1L);
        }

        @Override
        public Object read(In in) throws IOException {
            int i = in.count(constants.length + 1);
            return i == 0 ? null : constants[i - 1];
        }
    }

    /** A case of a sealed interface by its index plus one among the cases sorted by name, 0 for null. */
    private static final class SealedCodec implements ValueCodec {
        final Class<?>[] types;
        final ValueCodec[] cases;

        SealedCodec(Class<?>[] types) {
            this.types = types;
            this.cases = new ValueCodec[types.length];
        }

        @Override
        public void write(Out out, Object value) throws IOException {
            if (value == null) {
                out.b(0);
                return;
            }
            for (int i = 0; i < types.length; i++) {
                if (types[i] == value.getClass()) {
                    out.varlong(i + 1L);
                    cases[i].write(out, value);
                    return;
                }
            }
            throw new IllegalStateException("not a case of its sealed type: " + value.getClass().getName());
        }

        @Override
        public Object read(In in) throws IOException {
            int i = in.count(types.length + 1);
            return i == 0 ? null : cases[i - 1].read(in);
        }
    }

    /** A record: a presence byte, then its components in declaration order. */
    private static final class RecordShape implements ValueCodec {
        final Class<?> type;
        final RecordComponent[] components;
        final Method[] accessors;
        final ValueCodec[] codecs;
        Constructor<?> constructor;
        /** Public constants of the record (Pos.NONE, ValueRef.UNKNOWN): a value equal to one is read as it. */
        Object[] constants = new Object[0];

        RecordShape(Class<?> type) {
            this.type = type;
            this.components = type.getRecordComponents();
            this.accessors = new Method[components.length];
            this.codecs = new ValueCodec[components.length];
        }

        void resolve(RecordCodec codec) throws UnsupportedTypeException {
            Class<?>[] raw = new Class<?>[components.length];
            StringBuilder s = new StringBuilder("record " + type.getName() + "(");
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                raw[i] = c.getType();
                accessors[i] = c.getAccessor();
                accessors[i].setAccessible(true);
                codecs[i] = codec.codecFor(c.getGenericType(), type.getName() + "." + c.getName());
                s.append(i == 0 ? "" : ", ").append(c.getGenericType().getTypeName()).append(' ').append(c.getName());
            }
            codec.shapes.put(type.getName(), s.append(')').toString());
            try {
                constructor = type.getDeclaredConstructor(raw);
                constructor.setAccessible(true);
            } catch (NoSuchMethodException | RuntimeException e) {
                throw new UnsupportedTypeException("no canonical constructor in " + type.getName());
            }
            List<Object> found = new ArrayList<>();
            List<Class<?>> holders = new ArrayList<>();
            holders.add(type);
            holders.addAll(Arrays.asList(type.getInterfaces()));
            for (Class<?> holder : holders) {
                for (Field f : holder.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isStatic(m) && Modifier.isFinal(m) && Modifier.isPublic(m)
                            && f.getType().isAssignableFrom(type)) {
                        try {
                            Object v = f.get(null);
                            if (v != null && v.getClass() == type) {
                                found.add(v);
                            }
                        } catch (IllegalAccessException | RuntimeException | ExceptionInInitializerError e) {
                            // not a constant worth restoring
                        }
                    }
                }
            }
            constants = found.toArray();
        }

        @Override
        public void write(Out out, Object value) throws IOException {
            if (value == null) {
                out.b(0);
                return;
            }
            out.b(1);
            for (int i = 0; i < components.length; i++) {
                Object v;
                try {
                    v = accessors[i].invoke(value);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + type.getName() + "." + components[i].getName(), e);
                }
                codecs[i].write(out, v);
            }
        }

        @Override
        public Object read(In in) throws IOException {
            if (!in.presence()) {
                return null;
            }
            Object[] args = new Object[components.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = codecs[i].read(in);
            }
            Object made;
            try {
                made = constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                throw new CorruptException(type.getSimpleName() + " refused its components: " + e.getCause());
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new CorruptException(type.getSimpleName() + ": " + e);
            }
            for (Object constant : constants) {
                if (constant.equals(made)) {
                    return constant;
                }
            }
            return made;
        }
    }

    private record ArrayCodec(Class<?> component, ValueCodec element) implements ValueCodec {
        @Override
        public void write(Out out, Object value) throws IOException {
            if (value == null) {
                out.b(0);
                return;
            }
            int n = Array.getLength(value);
            out.varlong(n + 1L);
            for (int i = 0; i < n; i++) {
                element.write(out, Array.get(value, i));
            }
        }

        @Override
        public Object read(In in) throws IOException {
            int n = in.size();
            if (n < 0) {
                return null;
            }
            Object array = Array.newInstance(component, n);
            for (int i = 0; i < n; i++) {
                Array.set(array, i, element.read(in));
            }
            return array;
        }
    }

    /** Read back as an unmodifiable list, nulls allowed, as the extractor's lists are. */
    private record ListCodec(ValueCodec element) implements ValueCodec {
        @Override
        public void write(Out out, Object value) throws IOException {
            if (value == null) {
                out.b(0);
                return;
            }
            Collection<?> c = (Collection<?>) value;
            out.varlong(c.size() + 1L);
            for (Object e : c) {
                element.write(out, e);
            }
        }

        @Override
        public Object read(In in) throws IOException {
            int n = in.size();
            if (n < 0) {
                return null;
            }
            if (n == 0) {
                return List.of();
            }
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(element.read(in));
            }
            return Collections.unmodifiableList(list);
        }
    }

    /** Read back in the order it was written, which is the order the original set iterated in. */
    private record SetCodec(ValueCodec element) implements ValueCodec {
        @Override
        public void write(Out out, Object value) throws IOException {
            new ListCodec(element).write(out, value);
        }

        @Override
        public Object read(In in) throws IOException {
            int n = in.size();
            if (n < 0) {
                return null;
            }
            if (n == 0) {
                return Set.of();
            }
            Set<Object> set = new LinkedHashSet<>(n * 2);
            for (int i = 0; i < n; i++) {
                set.add(element.read(in));
            }
            return Collections.unmodifiableSet(set);
        }
    }

    private record MapCodec(ValueCodec key, ValueCodec value) implements ValueCodec {
        @Override
        public void write(Out out, Object v) throws IOException {
            if (v == null) {
                out.b(0);
                return;
            }
            Map<?, ?> m = (Map<?, ?>) v;
            out.varlong(m.size() + 1L);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                key.write(out, e.getKey());
                value.write(out, e.getValue());
            }
        }

        @Override
        public Object read(In in) throws IOException {
            int n = in.size();
            if (n < 0) {
                return null;
            }
            Map<Object, Object> m = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                Object k = key.read(in);
                m.put(k, value.read(in));
            }
            return Collections.unmodifiableMap(m);
        }
    }

    private record OptionalCodec(ValueCodec element) implements ValueCodec {
        @Override
        public void write(Out out, Object value) throws IOException {
            Optional<?> o = (Optional<?>) value;
            if (o == null) {
                out.b(0);
            } else if (o.isEmpty()) {
                out.b(1);
            } else {
                out.b(2);
                element.write(out, o.get());
            }
        }

        @Override
        public Object read(In in) throws IOException {
            int b = in.b();
            return switch (b) {
                case 0 -> null;
                case 1 -> Optional.empty();
                case 2 -> Optional.ofNullable(element.read(in));
                default -> throw new CorruptException("optional " + b);
            };
        }
    }

    // ---------------------------------------------------------------- bytes

    /** Strings: 0 null, 1 the file's path, 2 a new string (length, UTF-8), n ≥ 3 the (n-3)-th string seen. */
    private static final class Out {
        private byte[] buf = new byte[4096];
        private int pos;
        private final String path;
        private final Map<String, Integer> seen = new HashMap<>();

        Out(String path) {
            this.path = path;
        }

        void b(int v) {
            if (pos == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[pos++] = (byte) v;
        }

        void varlong(long v) {
            while ((v & ~0x7FL) != 0) {
                b((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            b((int) v);
        }

        void fixed64(long v) {
            for (int i = 0; i < 8; i++) {
                b((int) (v >>> (8 * i)));
            }
        }

        void string(String s) {
            if (s == null) {
                b(0);
                return;
            }
            if (s.equals(path)) {
                b(1);
                return;
            }
            Integer index = seen.get(s);
            if (index != null) {
                varlong(index + 3L);
                return;
            }
            seen.put(s, seen.size());
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            b(2);
            varlong(bytes.length);
            if (pos + bytes.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + bytes.length));
            }
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }
    }

    private static final class In {
        final byte[] buf;
        int pos;
        final int end;
        final String path;
        final List<String> seen = new ArrayList<>();

        In(byte[] buf, int pos, int end, String path) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
            this.path = path;
        }

        int b() throws CorruptException {
            if (pos >= end) {
                throw new CorruptException("truncated");
            }
            return buf[pos++] & 0xFF;
        }

        boolean presence() throws CorruptException {
            int b = b();
            if (b > 1) {
                throw new CorruptException("presence byte " + b);
            }
            return b == 1;
        }

        long varlong() throws CorruptException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = b();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new CorruptException("varint too long");
        }

        long fixed64() throws CorruptException {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (long) b() << (8 * i);
            }
            return v;
        }

        /** A number below {@code bound}. */
        int count(int bound) throws CorruptException {
            long v = varlong();
            if (v < 0 || v >= bound) {
                throw new CorruptException("index " + v + " out of range");
            }
            return (int) v;
        }

        /** A collection's size, -1 for null; never more than the bytes left could hold. */
        int size() throws CorruptException {
            long v = varlong();
            if (v < 0 || v - 1 > end - pos) {
                throw new CorruptException("size " + (v - 1) + " beyond the entry");
            }
            return (int) v - 1;
        }

        String string() throws CorruptException {
            long code = varlong();
            if (code == 0) {
                return null;
            }
            if (code == 1) {
                return path;
            }
            if (code == 2) {
                long n = varlong();
                if (n < 0 || n > end - pos) {
                    throw new CorruptException("string of " + n + " bytes beyond the entry");
                }
                String s = new String(buf, pos, (int) n, StandardCharsets.UTF_8);
                pos += (int) n;
                seen.add(s);
                return s;
            }
            if (code - 3 >= seen.size()) {
                throw new CorruptException("string " + code + " not seen yet");
            }
            return seen.get((int) (code - 3));
        }
    }
}
