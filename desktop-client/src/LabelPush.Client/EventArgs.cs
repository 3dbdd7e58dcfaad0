using System;

namespace LabelPush.Client
{
    /// <summary>What changed in the <see cref="LabelStore"/>.</summary>
    public enum LabelChange
    {
        /// <summary>A label was created.</summary>
        Created,

        /// <summary>A label was changed.</summary>
        Updated,

        /// <summary>A label was deleted.</summary>
        Deleted,

        /// <summary>Every label was loaded anew from label-api.</summary>
        Reloaded,
    }

    /// <summary>One change of the camera's labels, raised after the store holds it.</summary>
    public sealed class LabelsChangedEventArgs : EventArgs
    {
        internal LabelsChangedEventArgs(LabelChange change, Label label, long? seq)
        {
            Change = change;
            Label = label;
            Seq = seq;
        }

        /// <summary>What happened.</summary>
        public LabelChange Change { get; private set; }

        /// <summary>The label as it is now (for Deleted: its last state); null for Reloaded.</summary>
        public Label Label { get; private set; }

        /// <summary>The event's per-camera sequence number; null for Reloaded.</summary>
        public long? Seq { get; private set; }
    }

    /// <summary>The feed's connection state changed.</summary>
    public sealed class ConnectionStateChangedEventArgs : EventArgs
    {
        internal ConnectionStateChangedEventArgs(ConnectionState state, int? closeCode, string reason, TimeSpan? retryIn)
        {
            State = state;
            CloseCode = closeCode;
            Reason = reason;
            RetryIn = retryIn;
        }

        /// <summary>The new state.</summary>
        public ConnectionState State { get; private set; }

        /// <summary>For Reconnecting and Stopped: the close code of the connection that ended, if it got one (see <see cref="GatewayCloseCodes"/>).</summary>
        public int? CloseCode { get; private set; }

        /// <summary>For Reconnecting and Stopped: why, in words.</summary>
        public string Reason { get; private set; }

        /// <summary>For Reconnecting: how long until the next attempt.</summary>
        public TimeSpan? RetryIn { get; private set; }

        /// <inheritdoc/>
        public override string ToString()
        {
            return State + (CloseCode.HasValue ? " " + CloseCode : "") + (Reason != null ? " " + Reason : "")
                + (RetryIn.HasValue ? " retry in " + (long)RetryIn.Value.TotalMilliseconds + " ms" : "");
        }
    }

    /// <summary>
    /// Something went wrong that the feed handles by itself (it retries), told for logs and
    /// status bars: the token supplier failed, label-api did not answer, a token refresh was refused.
    /// </summary>
    public sealed class FeedProblemEventArgs : EventArgs
    {
        internal FeedProblemEventArgs(string message, Exception exception)
        {
            Message = message;
            Exception = exception;
        }

        /// <summary>What went wrong and what the feed does about it.</summary>
        public string Message { get; private set; }

        /// <summary>The cause, if there was an exception.</summary>
        public Exception Exception { get; private set; }

        /// <inheritdoc/>
        public override string ToString()
        {
            return Message + (Exception != null ? ": " + Exception.Message : "");
        }
    }
}
