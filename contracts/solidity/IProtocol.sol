// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title verisim protocol: states, events and errors
/// @notice Everything a client decodes from the protocol (its enums, events and custom errors),
/// apart from the contract's behaviour, so off-chain code and tests can build against one file.
interface IProtocol {
    /// @notice Where one committed result stands inside its batch. Games do not move a leaf out of
    /// Untouched: several may run on it at once, so abandoning one shields nothing.
    enum LeafState {
        Untouched,
        Disputed,
        Slashed,
        Settled
    }

    /// @notice Whose move it is in a bisection game; Closed once it is decided or void.
    enum Turn {
        Closed,
        Host,
        Challenger,
        Referee
    }

    // ------------------------------------------------------------------ events

    /// @notice The owner handed the referee role to another account.
    /// @param previous The referee before the change (zero before the first).
    /// @param next The referee from now on.
    event RefereeChanged(address indexed previous, address indexed next);

    /// @notice A model became servable.
    /// @param modelHash Hash of the model's ONNX bytes.
    /// @param flops Floating-point operations of one inference.
    /// @param layers Checkpointed layers a bisection game runs over (0: no games).
    event ModelRegistered(bytes32 indexed modelHash, uint64 flops, uint16 layers);

    /// @notice An account may now open disputes and games.
    /// @param verifier The account.
    event VerifierAdded(address indexed verifier);

    /// @notice An account may no longer open disputes or games; its open ones continue.
    /// @param verifier The account.
    event VerifierRemoved(address indexed verifier);

    /// @notice A host bonded more stake.
    /// @param host The host.
    /// @param amount Wei added.
    event Staked(address indexed host, uint256 amount);

    /// @notice A requester added to its fee escrow.
    /// @param requester The requester.
    /// @param amount Wei added.
    event Deposited(address indexed requester, uint256 amount);

    /// @notice A requester consented to pay `fee` per job for more jobs by some hosts.
    /// @param requester The requester.
    /// @param hosts How many hosts the order names.
    /// @param jobs Jobs ordered over all of them.
    /// @param fee Wei per job.
    event Ordered(address indexed requester, uint256 hosts, uint256 jobs, uint256 fee);

    /// @notice A requester asked for part of its escrow back.
    /// @param requester The requester.
    /// @param amount Wei asked for (replaces any earlier request).
    /// @param availableAt When withdrawEscrow may pay it.
    event EscrowWithdrawalRequested(address indexed requester, uint256 amount, uint64 availableAt);

    /// @notice Escrow went back to its requester.
    /// @param requester The requester.
    /// @param amount Wei paid.
    event EscrowWithdrawn(address indexed requester, uint256 amount);

    /// @notice A host started unbonding part of its stake.
    /// @param host The host.
    /// @param amount Wei unbonding in all.
    /// @param availableAt When withdraw may pay it.
    event UnstakeRequested(address indexed host, uint256 amount, uint64 availableAt);

    /// @notice A host took its unbonded stake back.
    /// @param host The host.
    /// @param amount Wei paid.
    event Withdrawn(address indexed host, uint256 amount);

    /// @notice A host committed one Merkle root of results.
    /// @param batchId The new batch.
    /// @param host The host.
    /// @param modelHash The model served.
    /// @param root Merkle root over the job leaves.
    /// @param jobCount Jobs in the batch.
    /// @param feeTotal Wei moved from the payers' escrow into the batch.
    /// @param deadline End of the challenge window.
    event Committed(
        uint256 indexed batchId,
        address indexed host,
        bytes32 modelHash,
        bytes32 root,
        uint32 jobCount,
        uint256 feeTotal,
        uint64 deadline
    );

    /// @notice A verifier disputed a sampled result, bond posted.
    /// @param disputeId The new dispute.
    /// @param batchId The batch holding the leaf.
    /// @param verifier The verifier.
    /// @param jobId The job.
    /// @param leaf The leaf hash.
    /// @param claimedDigest The verifier's digest of the result.
    event DisputeOpened(
        uint256 indexed disputeId,
        uint256 indexed batchId,
        address indexed verifier,
        uint256 jobId,
        bytes32 leaf,
        bytes32 claimedDigest
    );

    /// @notice The referee found the host's result right; the bond was split as in a lost game.
    /// @param disputeId The dispute.
    event DisputeRejected(uint256 indexed disputeId);

    /// @notice The referee let its deadline pass: no verdict, the bond went back to the verifier.
    /// @param disputeId The dispute.
    event DisputeExpired(uint256 indexed disputeId);

    /// @notice A host lost stake for a faulty result.
    /// @param causeKind 0: causeId is a dispute id, 1: a game id, 2: a replicated job id.
    /// @param causeId See causeKind.
    /// @param host The host.
    /// @param amount Wei taken from its stake.
    /// @param toChallenger Part of amount credited to the challenger (the referee in a vote).
    /// @param burned Part of amount burned.
    /// @param refunded Fee returned to the payer's escrow.
    event Slashed(
        uint8 indexed causeKind,
        uint256 indexed causeId,
        address indexed host,
        uint256 amount,
        uint256 toChallenger,
        uint256 burned,
        uint256 refunded
    );

    /// @notice A batch's challenge window closed with nothing open; its fees were credited.
    /// @param batchId The batch.
    /// @param host The host credited.
    /// @param paid Wei credited.
    event Finalized(uint256 indexed batchId, address indexed host, uint256 paid);

    /// @notice The referee settled one replicated job.
    /// @param jobId The job.
    /// @param consensus Whether a strict majority agreed.
    /// @param slashed Hosts of the minority.
    /// @param refunded Fees returned to escrow.
    event ReplicationSettled(uint256 indexed jobId, bool consensus, address[] slashed, uint256 refunded);

    /// @notice A verifier opened a bisection game on a leaf, bond posted.
    /// @param gameId The new game.
    /// @param batchId The batch holding the leaf.
    /// @param challenger The verifier.
    /// @param jobId The job.
    /// @param leaf The leaf hash.
    /// @param layers Checkpoints the game runs over.
    event GameOpened(
        uint256 indexed gameId,
        uint256 indexed batchId,
        address indexed challenger,
        uint256 jobId,
        bytes32 leaf,
        uint16 layers
    );

    /// @notice A move narrowed a game.
    /// @param gameId The game.
    /// @param lo Last agreed checkpoint.
    /// @param hi First disputed checkpoint.
    /// @param turn Whose move is next (a Turn).
    /// @param round Rounds played.
    event GameMoved(uint256 indexed gameId, uint16 lo, uint16 hi, uint8 turn, uint8 round);

    /// @notice A game was decided.
    /// @param gameId The game.
    /// @param hostLost Whether the host lost.
    /// @param byTimeout Whether a party let its move time run out.
    /// @param layer The layer the referee checked (0 on a timeout).
    /// @param rounds Rounds played.
    /// @param bondToHost Part of the bond credited to the host.
    /// @param bondBurned Part of the bond burned.
    event GameResolved(
        uint256 indexed gameId,
        bool hostLost,
        bool byTimeout,
        uint16 layer,
        uint8 rounds,
        uint256 bondToHost,
        uint256 bondBurned
    );

    /// @notice The referee let its deadline pass in a game: no verdict, the bond went back.
    /// @param gameId The game.
    event GameVoided(uint256 indexed gameId);

    /// @notice A modeled TEE attestation or zk proof check of a batch.
    /// @param batchId The batch.
    /// @param gas Gas burned to model the check.
    event Attested(uint256 indexed batchId, uint256 gas);

    /// @notice Burn-and-mint: part of a batch's fees was burned at finality instead of paid.
    /// @param batchId The batch.
    /// @param burned Wei burned (added to totalBurned).
    event FeesBurned(uint256 indexed batchId, uint256 burned);

    /// @notice The owner released the emission accrued since the last one to staked hosts.
    /// @param total Wei credited over all hosts (the split's remainder stays in the reserve).
    /// @param hosts How many hosts shared it.
    event Emitted(uint256 total, uint256 hosts);

    /// @notice One host's share of an emission, credited (claim() pays it).
    /// @param host The host.
    /// @param amount Wei credited.
    event EmissionCredited(address indexed host, uint256 amount);

    /// @notice An account took its whole credit.
    /// @param account The account.
    /// @param amount Wei paid.
    event Claimed(address indexed account, uint256 amount);

    // ------------------------------------------------------------------ errors

    /// @notice A constructor parameter is out of range.
    /// @param param Its name.
    error InvalidParams(string param);
    /// @notice Only the owner may call this.
    /// @param caller The caller.
    error NotOwner(address caller);
    /// @notice Only the referee may call this.
    /// @param caller The caller.
    error NotReferee(address caller);
    /// @notice Only a verifier may call this.
    /// @param caller The caller.
    error NotVerifier(address caller);
    /// @notice The account is not a verifier.
    /// @param verifier The account.
    error UnknownVerifier(address verifier);
    /// @notice Only the batch's host may call this.
    /// @param caller The caller.
    error NotBatchHost(address caller);
    /// @notice Only the game's challenger may call this.
    /// @param caller The caller.
    error NotChallenger(address caller);
    /// @notice An amount, fee or job count is zero.
    error ZeroAmount();
    /// @notice An address is zero.
    error ZeroAddress();
    /// @notice The model is registered already.
    /// @param modelHash The model.
    error ModelAlreadyRegistered(bytes32 modelHash);
    /// @notice The account is a verifier already.
    /// @param verifier The account.
    error VerifierAlreadyAdded(address verifier);
    /// @notice The model is not registered.
    /// @param modelHash The model.
    error UnknownModel(bytes32 modelHash);
    /// @notice A batch needs at least one job.
    error EmptyBatch();
    /// @notice Two arrays that go together differ in length.
    /// @param expected Length of the first.
    /// @param actual Length of the second.
    error LengthMismatch(uint256 expected, uint256 actual);
    /// @notice The per-payer counts do not add up to the batch's job count.
    /// @param jobCount Jobs in the batch.
    /// @param counted Sum of the counts.
    error JobCountMismatch(uint256 jobCount, uint256 counted);
    /// @notice The payer did not order that many jobs from this host.
    /// @param payer The payer.
    /// @param host The host.
    /// @param ordered Jobs the order has left.
    /// @param counted Jobs the commit counts.
    error NotOrdered(address payer, address host, uint256 ordered, uint256 counted);
    /// @notice Jobs remain ordered from this host at another fee.
    /// @param host The host.
    /// @param current Fee of the jobs left.
    /// @param requested Fee asked for.
    error OrderFeeMismatch(address host, uint256 current, uint256 requested);
    /// @notice Not enough stake outside unbonding.
    /// @param available Active stake.
    /// @param required What the call needs.
    error InsufficientStake(uint256 available, uint256 required);
    /// @notice A host commits at most one root per block.
    /// @param host The host.
    /// @param blockNumber The block.
    error AlreadyCommittedThisBlock(address host, uint256 blockNumber);
    /// @notice Not enough escrow.
    /// @param payer The escrow's owner.
    /// @param available Its escrow.
    /// @param required What the call needs.
    error InsufficientEscrow(address payer, uint256 available, uint256 required);
    /// @notice Nothing is pending withdrawal.
    error NothingToWithdraw();
    /// @notice The caller has no credit.
    error NothingToClaim();
    /// @notice The withdrawal delay has not passed.
    /// @param availableAt When it passes.
    error UnbondingNotOver(uint64 availableAt);
    /// @notice A dispute or game against the host's batches is still open.
    /// @param host The host.
    /// @param count Open cases.
    error OpenCases(address host, uint256 count);
    /// @notice The host's latest batch is still in its challenge window.
    /// @param until Its deadline.
    error CommitmentsOpen(uint64 until);
    /// @notice No such batch.
    /// @param batchId The id.
    error UnknownBatch(uint256 batchId);
    /// @notice The batch no longer takes challenges.
    /// @param batchId The batch.
    /// @param deadline End of its window.
    error ChallengeWindowClosed(uint256 batchId, uint64 deadline);
    /// @notice The batch still takes challenges.
    /// @param batchId The batch.
    /// @param deadline End of its window.
    error ChallengeWindowOpen(uint256 batchId, uint64 deadline);
    /// @notice A dispute must claim a digest other than the committed one.
    error ClaimMatchesCommitment();
    /// @notice The Merkle proof does not lead to the committed root.
    error InvalidProof();
    /// @notice The leaf was disputed, slashed or settled already.
    /// @param batchId The batch.
    /// @param leaf The leaf hash.
    error LeafAlreadyTouched(uint256 batchId, bytes32 leaf);
    /// @notice No such dispute.
    /// @param disputeId The id.
    error UnknownDispute(uint256 disputeId);
    /// @notice The dispute is closed.
    /// @param disputeId The dispute.
    error DisputeClosed(uint256 disputeId);
    /// @notice The batch is finalized.
    /// @param batchId The batch.
    error BatchAlreadyFinalized(uint256 batchId);
    /// @notice Disputes or games on the batch are open.
    /// @param batchId The batch.
    /// @param count How many.
    error OpenDisputes(uint256 batchId, uint32 count);
    /// @notice Finality needs an attestation the batch lacks.
    /// @param batchId The batch.
    error NotAttested(uint256 batchId);
    /// @notice The batch is attested already.
    /// @param batchId The batch.
    error AlreadyAttested(uint256 batchId);
    /// @notice A dispute or game needs exactly the challenge bond.
    /// @param sent Wei sent.
    /// @param required The bond.
    error WrongBond(uint256 sent, uint256 required);
    /// @notice The model has no checkpoints to play a game over.
    /// @param modelHash The model.
    error NoCheckpoints(bytes32 modelHash);
    /// @notice No such game.
    /// @param gameId The id.
    error UnknownGame(uint256 gameId);
    /// @notice It is not this move's turn.
    /// @param gameId The game.
    /// @param turn Whose turn it is (a Turn).
    error WrongTurn(uint256 gameId, uint8 turn);
    /// @notice The revealed layer is not the game's midpoint.
    /// @param layer The layer given.
    /// @param expected The midpoint.
    error WrongLayer(uint256 layer, uint256 expected);
    /// @notice The mover's time ran out.
    /// @param gameId The game.
    /// @param deadline When it ran out.
    error MoveTimedOut(uint256 gameId, uint256 deadline);
    /// @notice The mover still has time.
    /// @param gameId The game.
    /// @param deadline When its time runs out.
    error MoveTimeNotOver(uint256 gameId, uint256 deadline);
    /// @notice The referee's deadline on this case has passed; only expiry remains.
    /// @param caseId The dispute or game.
    /// @param deadline When it passed.
    error RefereeTimedOut(uint256 caseId, uint256 deadline);
    /// @notice The referee still has time on this case.
    /// @param caseId The dispute or game.
    /// @param deadline When its time runs out.
    error RefereeTimeNotOver(uint256 caseId, uint256 deadline);
    /// @notice settleReplication needs entries.
    error NoEntries();
    /// @notice An entry's leaf is for another job.
    /// @param entry The entry's index.
    /// @param jobId Its job.
    error WrongJob(uint256 entry, uint256 jobId);
    /// @notice Two entries come from one host.
    /// @param host The host.
    error DuplicateHost(address host);
    /// @notice The recipient refused the ETH.
    /// @param to The recipient.
    /// @param amount Wei.
    error TransferFailed(address to, uint256 amount);
    /// @notice Emissions are off (rate 0): there is nothing to emit.
    error EmissionsOff();
    /// @notice An emission named no host.
    error NoHosts();
    /// @notice A host named in an emission holds less active stake than minStake.
    /// @param host The host.
    /// @param active Its stake minus the part unbonding.
    /// @param required minStake.
    error HostNotBonded(address host, uint256 active, uint256 required);
}
