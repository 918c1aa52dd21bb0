namespace ServiceManagement.Platforms;

/// <summary>What a write may do to a job that exists, or to one that does not.</summary>
public enum WriteMode
{
    /// <summary>Create only: an existing job is an error (<see cref="Errors.JobExistsException"/>) — unless forced, which replaces it.</summary>
    Create,

    /// <summary>Replace only: a missing job is an error (<see cref="Errors.JobNotFoundException"/>).</summary>
    Replace,

    /// <summary>Create what is missing and replace what exists (configuration's way).</summary>
    CreateOrReplace,
}
