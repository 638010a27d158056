/**
 * Benchmarks of the AsyncOpenAI client against the floor (Reactor Netty alone, then with
 * Jackson) and the official Java SDK, over a precomputed-body server in its own JVM.
 */
@NullMarked
package io.asyncopenai.benchmarks;

import org.jspecify.annotations.NullMarked;
