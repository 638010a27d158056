/**
 * Types shaped as the generated models are, to prove the hints for shapes the hand-written
 * models do not have yet.
 */
@NullMarked
package io.asyncopenai.aot.shapes;

import org.jspecify.annotations.NullMarked;
