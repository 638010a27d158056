/**
 * Types shaped as the generated models are, written by hand so that the hint tests hold
 * whatever schemas the description has.
 */
@NullMarked
package io.asyncopenai.aot.shapes;

import org.jspecify.annotations.NullMarked;
