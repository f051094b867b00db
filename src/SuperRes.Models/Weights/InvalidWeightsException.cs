namespace SuperRes.Models.Weights;

/// <summary>
/// Thrown when a weights file or checkpoint is malformed, or does not fit the network it is loaded into.
/// The message names the problem (the tensor, the offset, the architecture) so that it can be fixed.
/// </summary>
public sealed class InvalidWeightsException : Exception
{
    /// <summary>Initialises a new instance with no message.</summary>
    public InvalidWeightsException()
    {
    }

    /// <summary>Initialises a new instance with a message that names the problem.</summary>
    /// <param name="message">What is wrong with the weights.</param>
    public InvalidWeightsException(string message)
        : base(message)
    {
    }

    /// <summary>Initialises a new instance with a message and the error that revealed the problem.</summary>
    /// <param name="message">What is wrong with the weights.</param>
    /// <param name="innerException">The error that revealed it (a JSON or zip error, say).</param>
    public InvalidWeightsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
