package dev.it.slow;

/** 24 lambda bodies in call arguments: minutes of parsing, let through by maxLambdaNesting. */
class Slow {
    void f(java.util.concurrent.ExecutorService e) {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
e.submit(() -> {
int x = 1;
});
});
});
});
});
});
});
});
});
});
});
});
});
});
});
});
});
});
});
});
});
});
});
});
    }
}
