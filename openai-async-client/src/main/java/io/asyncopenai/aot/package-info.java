/**
 * Hints for ahead-of-time processing, so that the client works in a GraalVM native image.
 */
@NullMarked
package io.asyncopenai.aot;

import org.jspecify.annotations.NullMarked;
