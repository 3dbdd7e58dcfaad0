namespace LabelPush.Client
{
    /// <summary>Where a <see cref="LabelFeed"/> is in its life.</summary>
    public enum ConnectionState
    {
        /// <summary>Created, <see cref="LabelFeed.Start"/> not called yet.</summary>
        Idle,

        /// <summary>Asking for a token and opening a connection to a gateway.</summary>
        Connecting,

        /// <summary>Connected; loading the camera's labels from label-api.</summary>
        Loading,

        /// <summary>Connected and up to date: every change arrives as it happens.</summary>
        Live,

        /// <summary>The connection ended; waiting (see <see cref="ConnectionStateChangedEventArgs.RetryIn"/>) before the next attempt.</summary>
        Reconnecting,

        /// <summary>
        /// The gateway refused this feed for good (wrong camera, bad request): no more attempts.
        /// <see cref="ConnectionStateChangedEventArgs.CloseCode"/> and <c>Reason</c> say why.
        /// </summary>
        Stopped,

        /// <summary><see cref="LabelFeed.Dispose"/> was called.</summary>
        Disposed,
    }
}
