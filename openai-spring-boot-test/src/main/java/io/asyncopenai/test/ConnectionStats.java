package io.asyncopenai.test;

/**
 * The TCP connections {@link MockOpenAIServer} has seen since it started or was last
 * {@linkplain MockOpenAIServer#reset() reset}.
 *
 * @param opened connections accepted
 * @param open connections open now
 * @param peakOpen the most connections that were open at the same time
 */
public record ConnectionStats(long opened, int open, int peakOpen) {

}
