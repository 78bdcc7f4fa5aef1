package io.takumo.aegis.instrument;

/**
 * How a classic client (Apache HttpClient 4 or 5) sends a request again: its public
 * {@code execute(target, request, context)}, which runs the same {@code doExecute} the agent hooks.
 */
public interface ClassicResend {

  /** Whether the request's body may be sent a second time: none, or a repeatable entity. */
  boolean replayable(Object request) throws Throwable;

  /** {@code client.execute(target, request, context)}; returns the response. */
  Object execute(Object client, Object target, Object request, Object context) throws Throwable;
}
