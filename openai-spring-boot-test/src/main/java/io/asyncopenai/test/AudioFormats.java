package io.asyncopenai.test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Speech in the API's compressed formats, without an encoder: each file is valid in its
 * format (headers, framing and checksums as the format defines them) and decodes as silence
 * of the asked duration. MP3 is MPEG-2 Layer III frames at 24 kHz with empty side information;
 * FLAC is a STREAMINFO block and frames of constant zero subframes; Opus is an Ogg stream of
 * {@code OpusHead}, {@code OpusTags} and 20 ms silent CELT packets; AAC is ADTS frames of a
 * silent AAC-LC frame.
 */
final class AudioFormats {

	private AudioFormats() {
	}

	/** MPEG-2 Layer III, 24 kHz mono, 32 kbit/s: 96-byte frames of 576 samples each. */
	static byte[] mp3(int samples) {
		int frames = Math.max(1, (samples + 575) / 576);
		byte[] mp3 = new byte[frames * 96];
		for (int frame = 0; frame < frames; frame++) {
			int offset = frame * 96;
			mp3[offset] = (byte) 0xff;
			mp3[offset + 1] = (byte) 0xf3;
			mp3[offset + 2] = (byte) 0x44;
			mp3[offset + 3] = (byte) 0xc0;
		}
		return mp3;
	}

	/** FLAC, 24 kHz mono 16-bit, in blocks of 4096 samples. */
	static byte[] flac(int samples) {
		ByteArrayOutputStream flac = new ByteArrayOutputStream();
		flac.writeBytes("fLaC".getBytes(StandardCharsets.US_ASCII));
		ByteBuffer info = ByteBuffer.allocate(4 + 34);
		info.put((byte) 0x80).put((byte) 0).put((byte) 0).put((byte) 34);
		info.putShort((short) 4096).putShort((short) 4096);
		info.put(new byte[6]);
		// 20 bits of sample rate, 3 of channels - 1, 5 of bits per sample - 1, 36 of total samples.
		long packed = ((long) Wav.SAMPLE_RATE << 44) | (0L << 41) | (15L << 36) | (samples & 0xFFFFFFFFFL);
		info.putLong(packed);
		info.put(new byte[16]);
		flac.writeBytes(info.array());
		int frame = 0;
		for (int start = 0; start < samples; start += 4096, frame++) {
			int size = Math.min(4096, samples - start);
			ByteArrayOutputStream header = new ByteArrayOutputStream();
			header.write(0xff);
			header.write(0xf8);
			// Block size 4096 (code 12), or 16 bits at the end of the header (code 7); 24 kHz (code 7).
			header.write(((size == 4096) ? 0xc0 : 0x70) | 0x07);
			// Mono (0), 16 bits per sample (4).
			header.write(0x08);
			writeUtf8(header, frame);
			if (size != 4096) {
				header.write((size - 1) >> 8);
				header.write((size - 1) & 0xff);
			}
			header.write(crc8(header.toByteArray()));
			// A constant subframe of the sample value 0.
			header.write(0x00);
			header.write(0x00);
			header.write(0x00);
			byte[] bytes = header.toByteArray();
			int crc = crc16(bytes);
			flac.writeBytes(bytes);
			flac.write(crc >> 8);
			flac.write(crc & 0xff);
		}
		return flac.toByteArray();
	}

	/** Ogg Opus, mono, 20 ms packets. */
	static byte[] opus(int samples) {
		ByteArrayOutputStream ogg = new ByteArrayOutputStream();
		int serial = 0x6d6f636b;
		ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
		head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).putShort((short) 312)
			.putInt(Wav.SAMPLE_RATE).putShort((short) 0).put((byte) 0);
		oggPage(ogg, 0x02, 0, serial, 0, new byte[][] { head.array() });
		byte[] vendor = "MockOpenAIServer".getBytes(StandardCharsets.US_ASCII);
		ByteBuffer tags = ByteBuffer.allocate(8 + 4 + vendor.length + 4).order(ByteOrder.LITTLE_ENDIAN);
		tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(vendor.length).put(vendor).putInt(0);
		oggPage(ogg, 0, 0, serial, 1, new byte[][] { tags.array() });
		int packets = Math.max(1, (samples + 479) / 480);
		int sequence = 2;
		long granule = 312;
		for (int first = 0; first < packets; first += 200) {
			int count = Math.min(200, packets - first);
			byte[][] page = new byte[count][];
			for (int i = 0; i < count; i++) {
				page[i] = new byte[] { (byte) 0xf8, (byte) 0xff, (byte) 0xfe };
			}
			granule += count * 960L;
			oggPage(ogg, (first + count >= packets) ? 0x04 : 0, granule, serial, sequence++, page);
		}
		return ogg.toByteArray();
	}

	/** AAC-LC in ADTS, 24 kHz mono, 1024 samples per frame. */
	static byte[] aac(int samples) {
		byte[] silent = { 0x00, (byte) 0xc8, 0x00, (byte) 0x80, 0x23, (byte) 0x80 };
		int length = 7 + silent.length;
		int frames = Math.max(1, (samples + 1023) / 1024);
		ByteArrayOutputStream aac = new ByteArrayOutputStream();
		for (int i = 0; i < frames; i++) {
			aac.write(0xff);
			aac.write(0xf1);
			// AAC-LC, 24 kHz (index 6), one channel.
			aac.write(0x58);
			aac.write(0x40 | ((length >> 11) & 0x03));
			aac.write((length >> 3) & 0xff);
			aac.write(((length & 0x07) << 5) | 0x1f);
			aac.write(0xfc);
			aac.writeBytes(silent);
		}
		return aac.toByteArray();
	}

	private static void oggPage(ByteArrayOutputStream out, int type, long granule, int serial, int sequence,
			byte[][] packets) {
		ByteArrayOutputStream lacing = new ByteArrayOutputStream();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (byte[] packet : packets) {
			int remaining = packet.length;
			while (remaining >= 255) {
				lacing.write(255);
				remaining -= 255;
			}
			lacing.write(remaining);
			body.writeBytes(packet);
		}
		ByteBuffer page = ByteBuffer.allocate(27 + lacing.size() + body.size()).order(ByteOrder.LITTLE_ENDIAN);
		page.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) type).putLong(granule)
			.putInt(serial).putInt(sequence).putInt(0).put((byte) lacing.size()).put(lacing.toByteArray())
			.put(body.toByteArray());
		byte[] bytes = page.array();
		int crc = oggCrc(bytes);
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
		out.writeBytes(bytes);
	}

	/** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, initial value and final XOR 0. */
	static int oggCrc(byte[] bytes) {
		int crc = 0;
		for (byte b : bytes) {
			crc ^= (b & 0xff) << 24;
			for (int bit = 0; bit < 8; bit++) {
				crc = (crc < 0) ? (crc << 1) ^ 0x04c11db7 : crc << 1;
			}
		}
		return crc;
	}

	/** FLAC's frame header CRC-8: polynomial 0x07, initial value 0. */
	static int crc8(byte[] bytes) {
		int crc = 0;
		for (byte b : bytes) {
			crc ^= b & 0xff;
			for (int bit = 0; bit < 8; bit++) {
				crc = ((crc & 0x80) != 0) ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
			}
		}
		return crc;
	}

	/** FLAC's frame CRC-16: polynomial 0x8005, initial value 0. */
	static int crc16(byte[] bytes) {
		int crc = 0;
		for (byte b : bytes) {
			crc ^= (b & 0xff) << 8;
			for (int bit = 0; bit < 8; bit++) {
				crc = ((crc & 0x8000) != 0) ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
			}
		}
		return crc;
	}

	/** A frame number as FLAC codes it: UTF-8's scheme, for values up to 16 bits here. */
	private static void writeUtf8(ByteArrayOutputStream out, int value) {
		if (value < 0x80) {
			out.write(value);
		}
		else if (value < 0x800) {
			out.write(0xc0 | (value >> 6));
			out.write(0x80 | (value & 0x3f));
		}
		else {
			out.write(0xe0 | (value >> 12));
			out.write(0x80 | ((value >> 6) & 0x3f));
			out.write(0x80 | (value & 0x3f));
		}
	}

}
