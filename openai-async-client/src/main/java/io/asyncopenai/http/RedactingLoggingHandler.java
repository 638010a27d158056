package io.asyncopenai.http;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.logging.LogLevel;
import io.netty.handler.logging.LoggingHandler;

/**
 * Logs the traffic of a connection as text at DEBUG, with the values of credential headers
 * replaced, so that wiretap logs never hold an API key.
 */
@ChannelHandler.Sharable
final class RedactingLoggingHandler extends LoggingHandler {

	static final String NAME = "asyncopenai.wiretap";

	private static final Pattern CREDENTIAL_HEADER = Pattern
		.compile("(?im)^((?:proxy-)?authorization|api-key|x-api-key)([ \\t]*:[ \\t]*)[^\\r\\n]*");

	RedactingLoggingHandler(String loggerName) {
		super(loggerName, LogLevel.DEBUG);
	}

	@Override
	protected String format(ChannelHandlerContext ctx, String eventName, Object arg) {
		if (arg instanceof ByteBuf buffer) {
			return describe(ctx, eventName, buffer);
		}
		if (arg instanceof ByteBufHolder holder) {
			return describe(ctx, eventName, holder.content());
		}
		return super.format(ctx, eventName, arg);
	}

	private String describe(ChannelHandlerContext ctx, String eventName, ByteBuf buffer) {
		String text = buffer.toString(buffer.readerIndex(), buffer.readableBytes(), StandardCharsets.UTF_8);
		return ctx.channel() + " " + eventName + ": " + buffer.readableBytes() + "B\n" + redact(text);
	}

	static String redact(String text) {
		return CREDENTIAL_HEADER.matcher(text).replaceAll("$1$2[redacted]");
	}

}
