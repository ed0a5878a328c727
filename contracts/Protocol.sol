// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title verisim protocol
/// @notice Host stake, requester fee escrow, one Merkle root of results per host per block,
/// verifier challenges settled by a referee, slashing and payouts. Native ETH is the token.
/// Burned ETH is never sent anywhere: it stays locked here and is counted in `totalBurned`, so
/// every wei the simulator hands out stays accounted for.
contract Protocol {
    uint256 private constant PPM = 1_000_000;

    // Leaf lifecycle inside one batch. A leaf is challenged at most once, whatever the verdict:
    // a proven fault cannot be slashed twice, and without a challenge bond in this slice a
    // rejected leaf must not be re-challengeable either (that would let anyone grief a batch's
    // finality forever).
    uint8 private constant LEAF_UNTOUCHED = 0;
    uint8 private constant LEAF_DISPUTED = 1;
    uint8 private constant LEAF_SLASHED = 2;

    struct Model {
        uint64 flops;
        uint16 layers;
        bool registered;
    }

    struct Bond {
        // Everything bonded, the unbonding part included: all of it is slashable.
        uint256 stake;
        // The part asked back with requestUnstake; withdrawable from `availableAt`.
        uint256 unbonding;
        uint64 availableAt;
        // block.number + 1 of the host's last commit (0 = never), for one root per block.
        uint256 lastCommitBlockPlusOne;
    }

    // Field order packs host, deadline and jobCount into one storage slot.
    struct Batch {
        address host;
        uint64 deadline;
        uint32 jobCount;
        uint32 openDisputes;
        bool finalized;
        bytes32 modelHash;
        bytes32 root;
        // Fees still owed to the host: the committed total minus refunds of slashed jobs.
        uint256 fees;
    }

    // Field order packs verifier, batchId and open into one storage slot.
    struct Dispute {
        address verifier;
        uint64 batchId;
        bool open;
        address requester;
        uint256 fee;
        bytes32 resultDigest;
        bytes32 leaf;
    }

    uint32 public immutable slashFractionPpm;
    uint32 public immutable challengerSharePpm;
    uint64 public immutable challengeWindow;
    uint64 public immutable unbondingDelay;
    uint256 public immutable minStake;

    address public immutable owner;
    address public referee;
    uint256 public totalBurned;

    mapping(bytes32 => Model) public models;
    mapping(address => bool) public isVerifier;
    mapping(address => Bond) public bonds;
    mapping(address => uint256) public escrowOf;
    Batch[] public batches;
    Dispute[] public disputes;
    mapping(uint256 => mapping(bytes32 => uint8)) public leafState;

    event RefereeSet(address indexed referee);
    event ModelRegistered(bytes32 indexed modelHash, uint64 flops, uint16 layers);
    event VerifierAdded(address indexed verifier);
    event Staked(address indexed host, uint256 amount);
    event Deposited(address indexed requester, uint256 amount);
    event UnstakeRequested(address indexed host, uint256 amount, uint64 availableAt);
    event Withdrawn(address indexed host, uint256 amount);
    event Committed(
        uint256 indexed batchId,
        address indexed host,
        bytes32 modelHash,
        bytes32 root,
        uint32 jobCount,
        uint256 feeTotal,
        uint64 deadline
    );
    event DisputeOpened(
        uint256 indexed disputeId,
        uint256 indexed batchId,
        address indexed verifier,
        uint256 jobId,
        bytes32 leaf,
        bytes32 claimedDigest
    );
    event DisputeRejected(uint256 indexed disputeId);
    event Slashed(
        uint256 indexed disputeId,
        address indexed host,
        uint256 amount,
        uint256 toChallenger,
        uint256 burned,
        uint256 refunded
    );
    event Finalized(uint256 indexed batchId, address indexed host, uint256 paid);

    error InvalidParams();
    error NotOwner(address caller);
    error NotReferee(address caller);
    error NotVerifier(address caller);
    error ZeroAmount();
    error ZeroAddress();
    error ModelAlreadyRegistered(bytes32 modelHash);
    error VerifierAlreadyAdded(address verifier);
    error UnknownModel(bytes32 modelHash);
    error EmptyBatch();
    error LengthMismatch(uint256 payers, uint256 amounts);
    error InsufficientStake(uint256 available, uint256 required);
    error AlreadyCommittedThisBlock(address host, uint256 blockNumber);
    error InsufficientEscrow(address payer, uint256 available, uint256 required);
    error NothingToWithdraw();
    error UnbondingNotOver(uint64 availableAt);
    error UnknownBatch(uint256 batchId);
    error ChallengeWindowClosed(uint256 batchId, uint64 deadline);
    error ChallengeWindowOpen(uint256 batchId, uint64 deadline);
    error ClaimMatchesCommitment();
    error InvalidProof();
    error LeafAlreadyDisputed(uint256 batchId, bytes32 leaf);
    error UnknownDispute(uint256 disputeId);
    error DisputeClosed(uint256 disputeId);
    error BatchAlreadyFinalized(uint256 batchId);
    error OpenDisputes(uint256 batchId, uint32 count);
    error TransferFailed(address to, uint256 amount);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    constructor(
        uint32 slashFractionPpm_,
        uint32 challengerSharePpm_,
        uint64 challengeWindow_,
        uint64 unbondingDelay_,
        uint256 minStake_
    ) {
        if (slashFractionPpm_ > PPM || challengerSharePpm_ > PPM) revert InvalidParams();
        slashFractionPpm = slashFractionPpm_;
        challengerSharePpm = challengerSharePpm_;
        challengeWindow = challengeWindow_;
        unbondingDelay = unbondingDelay_;
        minStake = minStake_;
        owner = msg.sender;
    }

    // ------------------------------------------------------------------ administration

    function setReferee(address referee_) external onlyOwner {
        if (referee_ == address(0)) revert ZeroAddress();
        referee = referee_;
        emit RefereeSet(referee_);
    }

    function registerModel(bytes32 modelHash, uint64 flops, uint16 layers) external onlyOwner {
        if (models[modelHash].registered) revert ModelAlreadyRegistered(modelHash);
        models[modelHash] = Model(flops, layers, true);
        emit ModelRegistered(modelHash, flops, layers);
    }

    function addVerifier(address verifier) external onlyOwner {
        if (verifier == address(0)) revert ZeroAddress();
        if (isVerifier[verifier]) revert VerifierAlreadyAdded(verifier);
        isVerifier[verifier] = true;
        emit VerifierAdded(verifier);
    }

    // ------------------------------------------------------------------ hosts and requesters

    function stake() external payable {
        if (msg.value == 0) revert ZeroAmount();
        bonds[msg.sender].stake += msg.value;
        emit Staked(msg.sender, msg.value);
    }

    /// @notice Start unbonding `amount`; it stays slashable until withdrawn. A second request
    /// adds to the first and restarts the delay, so the delay always covers the latest commits.
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Bond storage bond = bonds[msg.sender];
        uint256 active = bond.stake - bond.unbonding;
        if (amount > active) revert InsufficientStake(active, amount);
        bond.unbonding += amount;
        uint64 availableAt = uint64(block.timestamp) + unbondingDelay;
        bond.availableAt = availableAt;
        emit UnstakeRequested(msg.sender, amount, availableAt);
    }

    function withdraw() external {
        Bond storage bond = bonds[msg.sender];
        if (bond.unbonding == 0) revert NothingToWithdraw();
        if (block.timestamp < bond.availableAt) revert UnbondingNotOver(bond.availableAt);
        // Slashes lower `unbonding` together with `stake` (see resolve), so this never underflows.
        uint256 amount = bond.unbonding;
        bond.stake -= amount;
        bond.unbonding = 0;
        bond.availableAt = 0;
        emit Withdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    function deposit() external payable {
        if (msg.value == 0) revert ZeroAmount();
        escrowOf[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    /// @notice Commit one Merkle root over `jobCount` results. `payers[i]` pays `amounts[i]` of
    /// fees out of its escrow into the batch. Only stake that is not unbonding counts towards
    /// `minStake`: a host on its way out should not take new work.
    function commit(
        bytes32 modelHash,
        bytes32 root,
        uint32 jobCount,
        address[] calldata payers,
        uint256[] calldata amounts
    ) external returns (uint256 batchId) {
        if (!models[modelHash].registered) revert UnknownModel(modelHash);
        if (jobCount == 0) revert EmptyBatch();
        if (payers.length != amounts.length) revert LengthMismatch(payers.length, amounts.length);
        Bond storage bond = bonds[msg.sender];
        uint256 active = bond.stake - bond.unbonding;
        if (active < minStake) revert InsufficientStake(active, minStake);
        if (bond.lastCommitBlockPlusOne == block.number + 1) {
            revert AlreadyCommittedThisBlock(msg.sender, block.number);
        }
        bond.lastCommitBlockPlusOne = block.number + 1;

        uint256 feeTotal = 0;
        for (uint256 i = 0; i < payers.length; ++i) {
            uint256 available = escrowOf[payers[i]];
            if (available < amounts[i]) revert InsufficientEscrow(payers[i], available, amounts[i]);
            escrowOf[payers[i]] = available - amounts[i];
            feeTotal += amounts[i];
        }

        uint64 deadline = uint64(block.timestamp) + challengeWindow;
        batchId = batches.length;
        batches.push(Batch(msg.sender, deadline, jobCount, 0, false, modelHash, root, feeTotal));
        emit Committed(batchId, msg.sender, modelHash, root, jobCount, feeTotal, deadline);
    }

    // ------------------------------------------------------------------ disputes

    function challenge(
        uint256 batchId,
        uint256 jobId,
        address requester,
        uint256 fee,
        bytes32 resultDigest,
        bytes32[] calldata proof,
        bytes32 claimedDigest
    ) external returns (uint256 disputeId) {
        if (!isVerifier[msg.sender]) revert NotVerifier(msg.sender);
        if (batchId >= batches.length) revert UnknownBatch(batchId);
        Batch storage batch = batches[batchId];
        if (block.timestamp >= batch.deadline) revert ChallengeWindowClosed(batchId, batch.deadline);
        if (claimedDigest == resultDigest) revert ClaimMatchesCommitment();
        bytes32 leaf = keccak256(abi.encode(jobId, requester, fee, resultDigest));
        if (_processProof(proof, leaf) != batch.root) revert InvalidProof();
        if (leafState[batchId][leaf] != LEAF_UNTOUCHED) revert LeafAlreadyDisputed(batchId, leaf);

        leafState[batchId][leaf] = LEAF_DISPUTED;
        batch.openDisputes += 1;
        disputeId = disputes.length;
        disputes.push(Dispute(msg.sender, uint64(batchId), true, requester, fee, resultDigest, leaf));
        emit DisputeOpened(disputeId, batchId, msg.sender, jobId, leaf, claimedDigest);
    }

    /// @notice The referee's re-executed digest is the truth: the host is slashed iff it differs
    /// from what the host committed. The challenger's claim plays no part in the verdict, so an
    /// honest result can never be slashed, whoever challenges it.
    function resolve(uint256 disputeId, bytes32 refereeDigest) external {
        if (msg.sender != referee) revert NotReferee(msg.sender);
        if (disputeId >= disputes.length) revert UnknownDispute(disputeId);
        Dispute storage dispute = disputes[disputeId];
        if (!dispute.open) revert DisputeClosed(disputeId);
        dispute.open = false;
        Batch storage batch = batches[dispute.batchId];
        batch.openDisputes -= 1;

        if (refereeDigest == dispute.resultDigest) {
            emit DisputeRejected(disputeId);
            return;
        }

        leafState[dispute.batchId][dispute.leaf] = LEAF_SLASHED;
        Bond storage bond = bonds[batch.host];
        uint256 amount = (bond.stake * slashFractionPpm) / PPM;
        uint256 toChallenger = (amount * challengerSharePpm) / PPM;
        uint256 burned = amount - toChallenger;
        bond.stake -= amount;
        // The unbonding part is slashable too: never let it exceed what is left bonded.
        if (bond.unbonding > bond.stake) bond.unbonding = bond.stake;
        totalBurned += burned;

        // The fee of a faulty job goes back to its payer, so the host is never paid for it. The
        // contract cannot check leaf fees against what the payers were debited, so a forged leaf
        // fee is capped at what the batch still holds: an underflow here would make the dispute
        // unresolvable and freeze the batch.
        uint256 refunded = dispute.fee < batch.fees ? dispute.fee : batch.fees;
        batch.fees -= refunded;
        escrowOf[dispute.requester] += refunded;

        emit Slashed(disputeId, batch.host, amount, toChallenger, burned, refunded);
        if (toChallenger > 0) _send(dispute.verifier, toChallenger);
    }

    // ------------------------------------------------------------------ payouts

    function finalize(uint256 batchId) external {
        if (batchId >= batches.length) revert UnknownBatch(batchId);
        Batch storage batch = batches[batchId];
        if (batch.finalized) revert BatchAlreadyFinalized(batchId);
        if (block.timestamp < batch.deadline) revert ChallengeWindowOpen(batchId, batch.deadline);
        if (batch.openDisputes != 0) revert OpenDisputes(batchId, batch.openDisputes);
        batch.finalized = true;
        uint256 paid = batch.fees;
        batch.fees = 0;
        emit Finalized(batchId, batch.host, paid);
        if (paid > 0) _send(batch.host, paid);
    }

    // ------------------------------------------------------------------ views

    function stakeOf(address host) external view returns (uint256 bonded, uint256 unbonding, uint64 availableAt) {
        Bond storage bond = bonds[host];
        return (bond.stake, bond.unbonding, bond.availableAt);
    }

    function batchCount() external view returns (uint256) {
        return batches.length;
    }

    function disputeCount() external view returns (uint256) {
        return disputes.length;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Sorted-pair keccak Merkle proof, as OpenZeppelin's MerkleProof.processProof. A leaf
    /// preimage is 128 bytes and an inner node's 64, so a leaf can never pass for an inner node.
    function _processProof(bytes32[] calldata proof, bytes32 leaf) private pure returns (bytes32 node) {
        node = leaf;
        for (uint256 i = 0; i < proof.length; ++i) {
            bytes32 sibling = proof[i];
            node = node < sibling
                ? keccak256(abi.encodePacked(node, sibling))
                : keccak256(abi.encodePacked(sibling, node));
        }
    }

    function _send(address to, uint256 amount) private {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
