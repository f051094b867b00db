namespace SuperRes.Models.Weights;

/// <summary>Thrown when a network is asked for with pretrained weights that do not ship, instead of silently returning noise.</summary>
public sealed class MissingWeightsException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="MissingWeightsException"/> class.</summary>
    public MissingWeightsException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MissingWeightsException"/> class with a message.</summary>
    /// <param name="message">What is missing and what to do instead.</param>
    public MissingWeightsException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MissingWeightsException"/> class with a message and a cause.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The cause.</param>
    public MissingWeightsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
