/**
 * Tool calling from Java: a {@link io.asyncopenai.tools.Tool} is a function the model may call,
 * its arguments a Java type whose strict JSON schema the model fills in, and
 * {@link io.asyncopenai.tools.ToolRunner} runs the loop: the model's calls of one turn run
 * concurrently, their outputs go back to the model, until it answers.
 */
@NullMarked
package io.asyncopenai.tools;

import org.jspecify.annotations.NullMarked;
