package io.asyncopenai.test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.ImageIO;

import org.jspecify.annotations.Nullable;

/**
 * The mock's generated pictures: a diagonal gradient from a base colour, encoded by hand as
 * PNG (signature, IHDR, IDAT of zlib-compressed rows with the Sub filter, IEND, each chunk
 * with its CRC), or as JPEG with {@code javax.imageio}. Rows are compressed as they are made,
 * so a large picture never sits on the heap uncompressed as PNG.
 */
final class Png {

	private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private Png() {
	}

	/**
	 * A PNG picture.
	 * @param rgb the base colour, {@code 0xRRGGBB}
	 * @param alpha whether the picture has an alpha channel, fading from opaque at the top to
	 * transparent at the bottom
	 */
	static byte[] png(int width, int height, int rgb, boolean alpha) {
		int channels = alpha ? 4 : 3;
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		png.writeBytes(SIGNATURE);
		ByteBuffer header = ByteBuffer.allocate(13);
		header.putInt(width).putInt(height).put((byte) 8).put((byte) (alpha ? 6 : 2)).put((byte) 0).put((byte) 0)
			.put((byte) 0);
		chunk(png, "IHDR", header.array());
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		try (DeflaterOutputStream zlib = new DeflaterOutputStream(compressed, deflater, 64 * 1024)) {
			byte[] row = new byte[1 + width * channels];
			byte[] previous = new byte[channels];
			for (int y = 0; y < height; y++) {
				// The Sub filter: each byte is stored as its difference to the pixel on its left.
				row[0] = 1;
				for (int x = 0; x < width; x++) {
					int pixel = pixel(rgb, x, y, width, height);
					int offset = 1 + x * channels;
					for (int c = 0; c < channels; c++) {
						int value = (c < 3) ? (pixel >> (16 - 8 * c)) & 0xff : 255 - (255 * y / Math.max(1, height));
						row[offset + c] = (byte) (value - ((x == 0) ? 0 : previous[c]));
						previous[c] = (byte) value;
					}
				}
				zlib.write(row);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			deflater.end();
		}
		chunk(png, "IDAT", compressed.toByteArray());
		chunk(png, "IEND", new byte[0]);
		return png.toByteArray();
	}

	/** The same picture as {@link #png}, without alpha, as a JPEG. */
	static byte[] jpeg(int width, int height, int rgb) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, pixel(rgb, x, y, width, height));
			}
		}
		ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
		try {
			if (!ImageIO.write(image, "jpeg", jpeg)) {
				throw new IllegalStateException("No JPEG writer in this JRE");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return jpeg.toByteArray();
	}

	/** The width and height of a PNG from its IHDR, or {@code null} if the bytes do not start as a PNG. */
	static int @Nullable [] size(byte[] start) {
		if (start.length < 24) {
			return null;
		}
		for (int i = 0; i < SIGNATURE.length; i++) {
			if (start[i] != SIGNATURE[i]) {
				return null;
			}
		}
		ByteBuffer buffer = ByteBuffer.wrap(start);
		return new int[] { buffer.getInt(16), buffer.getInt(20) };
	}

	// A diagonal gradient from the base colour towards white.
	private static int pixel(int rgb, int x, int y, int width, int height) {
		int step = 128 * (x + y) / Math.max(1, width + height - 2);
		int r = Math.min(255, ((rgb >> 16) & 0xff) + step);
		int g = Math.min(255, ((rgb >> 8) & 0xff) + step);
		int b = Math.min(255, (rgb & 0xff) + step);
		return (r << 16) | (g << 8) | b;
	}

	private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		png.writeBytes(name);
		png.writeBytes(data);
		png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

}
