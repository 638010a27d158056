/**
 * {@link io.asyncopenai.test.MockOpenAIServer}: a real OpenAI-compatible HTTP server on
 * loopback with scripted faults, a request journal and connection counts, plus a JUnit
 * extension and Spring test support for it.
 */
@NullMarked
package io.asyncopenai.test;

import org.jspecify.annotations.NullMarked;
