package io.asyncopenai.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The mock's synthesized speech as 16-bit PCM (24 kHz mono, as the API's {@code pcm} and
 * {@code wav} are), in a WAV file, and the duration of uploaded WAV files.
 */
final class Wav {

	static final int SAMPLE_RATE = 24_000;

	private static final int HEADER_SIZE = 44;

	// A quiet 440 Hz tone, so that the audio is not all zeros but never loud.
	private static final double AMPLITUDE = 0.05 * Short.MAX_VALUE;

	private Wav() {
	}

	/** How many samples {@code millis} of audio has. */
	static int samples(long millis) {
		return (int) (millis * SAMPLE_RATE / 1000);
	}

	/** {@code samples} samples of a quiet tone, little-endian signed 16-bit, fading in and out. */
	static byte[] pcm(int samples) {
		ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
		int fade = Math.min(samples / 2, SAMPLE_RATE / 100);
		for (int i = 0; i < samples; i++) {
			double envelope = (fade == 0) ? 1 : Math.min(1, Math.min(i, samples - 1 - i) / (double) fade);
			pcm.putShort((short) Math.round(AMPLITUDE * envelope * Math.sin(2 * Math.PI * 440 * i / SAMPLE_RATE)));
		}
		return pcm.array();
	}

	/** A RIFF WAVE file of 24 kHz mono 16-bit PCM around the given samples. */
	static byte[] wav(byte[] pcm) {
		ByteBuffer wav = ByteBuffer.allocate(HEADER_SIZE + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
		wav.put(ascii("RIFF")).putInt(36 + pcm.length).put(ascii("WAVE"));
		wav.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE)
			.putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
		wav.put(ascii("data")).putInt(pcm.length).put(pcm);
		return wav.array();
	}

	/**
	 * The duration of a WAV file from its header, reading only the header: its data size over
	 * its byte rate.
	 * @return the seconds, or {@code null} if the content is not a WAV file this can read
	 */
	static @Nullable Double seconds(InputStream in) throws IOException {
		byte[] header = in.readNBytes(512);
		ByteBuffer buffer = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
		if (header.length < HEADER_SIZE || !new String(header, 0, 4, StandardCharsets.US_ASCII)
			.equals("RIFF") || !new String(header, 8, 4, StandardCharsets.US_ASCII).equals("WAVE")) {
			return null;
		}
		int byteRate = 0;
		int position = 12;
		while (position + 8 <= header.length) {
			String id = new String(header, position, 4, StandardCharsets.US_ASCII);
			int size = buffer.getInt(position + 4);
			// The byte rate is the third field of the format chunk, after format, channels and sample rate.
			if (id.equals("fmt ") && position + 20 <= header.length) {
				byteRate = buffer.getInt(position + 16);
			}
			else if (id.equals("data")) {
				return (byteRate > 0) ? (size & 0xFFFFFFFFL) / (double) byteRate : null;
			}
			if (size < 0) {
				return null;
			}
			position += 8 + size + (size & 1);
		}
		return null;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
