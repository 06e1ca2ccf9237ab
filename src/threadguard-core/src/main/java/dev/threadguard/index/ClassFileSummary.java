package dev.threadguard.index;

import java.util.List;

/**
 * What the index needs of a compiled class: its name, supertypes, member signatures, and the names of its
 * type parameters ({@code K}, {@code V} of {@code Map}). Names use dots ({@code java.util.Map$Entry} keeps
 * the {@code $} of nested classes).
 */
public record ClassFileSummary(String name, String superName, List<String> interfaces, List<Member> methods,
                               List<Member> fields, List<String> typeParameters) {

    private static final java.util.Map<Character, String> PRIMITIVES = java.util.Map.of(
            'Z', "boolean", 'B', "byte", 'C', "char", 'S', "short", 'I', "int", 'J', "long", 'F', "float",
            'D', "double");

    /**
     * A method or field: name, JVM descriptor, generic signature if any, access flags, and for a method the
     * exceptions it declares ({@code java.lang.InterruptedException}).
     */
    public record Member(String name, String descriptor, String signature, int access, List<String> exceptions) {

        public Member(String name, String descriptor, String signature, int access) {
            this(name, descriptor, signature, access, List.of());
        }

        public boolean isVarargs() {
            return (access & 0x0080) != 0;
        }

        public boolean isSynthetic() {
            return (access & 0x1000) != 0 || (access & 0x0040) != 0;
        }

        /** The number of parameters of a method descriptor. */
        public int parameterCount() {
            int count = 0;
            int i = 1;
            while (descriptor.charAt(i) != ')') {
                char c = descriptor.charAt(i);
                while (c == '[') {
                    c = descriptor.charAt(++i);
                }
                if (c == 'L') {
                    i = descriptor.indexOf(';', i);
                }
                i++;
                count++;
            }
            return count;
        }

        /** The simple names of a method's parameter types, erased: {@code CompletionHandler}, {@code long[]}. */
        public java.util.List<String> parameterTypeNames() {
            java.util.List<String> out = new java.util.ArrayList<>();
            int i = 1;
            while (descriptor.charAt(i) != ')') {
                int dimensions = 0;
                while (descriptor.charAt(i) == '[') {
                    dimensions++;
                    i++;
                }
                String name;
                if (descriptor.charAt(i) == 'L') {
                    int end = descriptor.indexOf(';', i);
                    String binary = descriptor.substring(i + 1, end);
                    name = binary.substring(Math.max(binary.lastIndexOf('/'), binary.lastIndexOf('$')) + 1);
                    i = end;
                } else {
                    name = PRIMITIVES.get(descriptor.charAt(i));
                }
                out.add(name + "[]".repeat(dimensions));
                i++;
            }
            return out;
        }

        /** The erased return type of a method, or the type of a field, as a dotted name; null for primitives. */
        public String typeName() {
            String d = descriptor.charAt(0) == '(' ? descriptor.substring(descriptor.indexOf(')') + 1) : descriptor;
            if (d.startsWith("L")) {
                return d.substring(1, d.length() - 1).replace('/', '.');
            }
            return null;
        }

        /** The name of the type variable the method returns (or the field holds), or null. */
        public String typeVariable() {
            if (!typeIsVariable()) {
                return null;
            }
            String s = signature.charAt(0) == '<' || signature.indexOf(')') >= 0
                    ? signature.substring(signature.lastIndexOf(')') + 1) : signature;
            return s.substring(1, s.indexOf(';'));
        }

        /** Whether the generic signature says the method returns (or the field holds) a type variable. */
        public boolean typeIsVariable() {
            if (signature == null) {
                return false;
            }
            String s = signature.charAt(0) == '<' || signature.indexOf(')') >= 0
                    ? signature.substring(signature.lastIndexOf(')') + 1) : signature;
            return s.startsWith("T");
        }
    }
}
