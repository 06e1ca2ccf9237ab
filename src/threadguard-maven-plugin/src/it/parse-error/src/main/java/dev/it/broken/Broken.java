package dev.it.broken;

/** Left half-edited: the method is never closed. */
public class Broken {
    public void unfinished( {
    }
