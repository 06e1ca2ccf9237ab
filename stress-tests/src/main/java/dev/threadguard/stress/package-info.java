/**
 * jcstress demonstrations: each bug that threadguard reports, run until it happens, next to its fix, which
 * must never show the bug. One package per rule family ({@code guard}, {@code future}, {@code lockorder}),
 * and {@code runtime} for the thread safety of the runtime library itself. In every test, the outcome that
 * shows the bug is {@code ACCEPTABLE_INTERESTING} in the demonstration and {@code FORBIDDEN} in the fix, so
 * that a run fails only when a fix is broken.
 */
package dev.threadguard.stress;
